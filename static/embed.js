/*! Turnaround embed SDK, host protocol v1 revision 2 (PROTOCOL.md). No dependencies.
 * var s = Turnaround.embed({ container, src,
 *   ticket: {id, subject, customer: {id, name, email}, last_message, messages: [{id, from, at, text}]},
 *   agent: {name}, company, channel, playbook, theme, locale (a BCP 47 tag: "es-MX", "de"), capabilities: {insert_text, note},
 *   customPlaybook, autoHeight, minHeight, maxHeight, title,
 *   loadSession(ticketId)              -> session | null | Promise
 *   saveSession(ticketId, session, {rev, baseRev}) -> resolves: acked; rejects with {conflict: hostCopy}:
 *                                      not stored, the host's copy changed since baseRev (the sidebar merges
 *                                      and saves again); any other rejection (or absent): not acked
 *   insertText(text, ticketId), addNote(markdown, ticketId), followUp({due, text, ticketId}),
 *   setDraft(text, ticketId)           -> replace the reply box's text (given: capabilities.set_draft is true)
 *   onResize(height), onReady(info), onError(error) });
 * s.open(ticket, {channel, ...})      switch tickets; ticket.messages is that ticket's thread
 * s.draftChanged(text)                the reply box changed (sent at most once per 150 ms)
 * s.addMessages([{id, from: 'customer'|'agent'|'note', at, text}])  new (or all) messages of the thread
 * s.push(session)                    another agent changed the open ticket (a websocket, a poll): the sidebar merges it
 * s.requestState() -> Promise<{ticketId, rev, session}>; s.destroy();
 */
(function (W) {
  'use strict';
  var P = 'turnaround', KEYS = ['agent', 'company', 'channel', 'playbook', 'theme', 'locale', 'capabilities', 'customPlaybook'];
  // The limits of PROTOCOL.md, revision 2.
  var MAX_MESSAGES = 500, MAX_TEXT = 20000, MAX_DRAFT = 100000, MAX_ID = 128, DRAFT_MS = 150;
  // Bytes of messages per `conversation`, and inside `init` (which carries the session too): under 1 MiB.
  var CHUNK_BYTES = 700 * 1024, INIT_BYTES = 300 * 1024;
  var FROM = { customer: 1, agent: 1, note: 1 };

  function isObj(x) { return x !== null && typeof x === 'object' && !Array.isArray(x); }
  function str(x) { return typeof x === 'string'; }
  // Plain data only: drops functions, proxies and class instances, so postMessage
  // can always clone it and the host keeps no reference into ours.
  function plain(x) { return x == null ? x : JSON.parse(JSON.stringify(x)); }
  function call(fn, args) {
    try { return Promise.resolve(typeof fn === 'function' ? fn.apply(null, args) : undefined); } catch (e) { return Promise.reject(e); }
  }
  // Fields added to v1 later (e.g. last_message) pass through; ids become strings.
  function ticketOf(t) {
    if (!t || t.id == null || t.id === '') throw new Error('Turnaround: a ticket needs an id');
    var out = plain(t), c = out.customer;
    out.id = String(t.id);
    if (isObj(c) && c.id != null) c.id = String(c.id);
    delete out.messages; // sent by the thread logic below, within the limits
    return out;
  }
  /** A thread message as the protocol wants it, or null: ids become strings, text is cut to the limit, times become RFC 3339. */
  function messageOf(m) {
    if (!isObj(m) || m.id == null || m.id === '' || !FROM[m.from]) return null;
    var id = String(m.id);
    if (id.length > MAX_ID) return null;
    var out = { id: id, from: m.from, text: m.text == null ? '' : String(m.text).slice(0, MAX_TEXT) };
    var at = m.at instanceof Date ? m.at : (typeof m.at === 'number' ? new Date(m.at) : null);
    if (at && !isNaN(at)) out.at = at.toISOString();
    else if (str(m.at) && m.at) out.at = m.at;
    return out;
  }
  function bytes(x) { return new TextEncoder().encode(JSON.stringify(x)).length; }
  /** Messages in order, cut into pieces of at most 500 messages and `budget` bytes each. */
  function chunks(list, budget) {
    var out = [], cur = [], size = 0;
    list.forEach(function (m) {
      var b = bytes(m) + 1;
      if (cur.length && (cur.length >= MAX_MESSAGES || size + b > budget)) { out.push(cur); cur = []; size = 0; }
      cur.push(m);
      size += b;
    });
    if (cur.length) out.push(cur);
    return out;
  }

  function embed(o) {
    o = o || {};
    if (!o.container || !o.src) throw new Error('Turnaround.embed needs container, src and ticket.id');
    var url = new URL(o.src, W.location.href), origin = url.origin;
    if (!/^https?:$/.test(url.protocol)) throw new Error('Turnaround: src must be http(s)');
    url.searchParams.set('host', W.location.origin);
    var ctx = {}, ticket = ticketOf(o.ticket);
    KEYS.forEach(function (k) { if (o[k] != null) ctx[k] = o[k]; });
    // The open ticket's thread as far as the host has told it (sent in init, then as conversation).
    var thread = [], seen = {};
    function remember(list) {
      var fresh = [];
      (Array.isArray(list) ? list : []).forEach(function (raw) {
        var m = messageOf(raw);
        if (!m || seen.hasOwnProperty(m.id)) return;
        seen[m.id] = true;
        thread.push(m);
        fresh.push(m);
      });
      return fresh;
    }
    remember(o.ticket.messages);

    var frame = document.createElement('iframe');
    frame.src = url.href;
    frame.title = o.title || 'Turnaround: steps and phrases for this customer';
    frame.className = 'turnaround-frame';
    frame.setAttribute('allow', 'clipboard-write');

    // initId: null (none yet), 'pending' (loading the session), 'rejected', or the init's id.
    var n = 0, ready = false, gen = 0, initId = null, initAt = 0, dead = false, saving = Promise.resolve(), waiting = {};
    // The draft: the newest text not yet sent, when the last one went, the timer.
    var draftText = null, draftAt = 0, draftTimer = null;
    function opened() { return !!initId && initId !== 'pending' && initId !== 'rejected'; }
    function sendThread(list) {
      chunks(list, CHUNK_BYTES).forEach(function (c) { post('conversation', { ticket_id: ticket.id, messages: c }); });
    }
    function flushDraft() {
      if (draftTimer) { clearTimeout(draftTimer); draftTimer = null; }
      if (draftText == null || !opened()) return; // sent once the ticket is open
      draftAt = Date.now();
      var text = draftText;
      draftText = null;
      post('draft', { ticket_id: ticket.id, text: text });
    }
    function capabilities() {
      var c = isObj(ctx.capabilities) ? plain(ctx.capabilities) : {};
      // The sidebar may ask to replace the reply only when the host can.
      if (typeof c.set_draft !== 'boolean' || c.set_draft) c.set_draft = typeof o.setDraft === 'function';
      return c;
    }

    function post(type, payload, re) {
      var win = frame.contentWindow;
      if (dead || !win) return null;
      var m = { protocol: P, v: 1, type: type, id: 'h-' + (++n), payload: payload || {} };
      if (re) m.re = re;
      win.postMessage(m, origin); // the widget's exact origin, never "*"
      return m.id;
    }

    function sendInit() {
      if (!ready) return; // the next ready gets it
      var my = ++gen, t = ticket;
      initAt = Date.now(); initId = 'pending';
      call(o.loadSession, [t.id]).catch(function () { return null; }).then(function (s) {
        if (my !== gen || dead) return; // a newer open() or a reload took over
        var p = { ticket: plain(t) };
        KEYS.forEach(function (k) { if (ctx[k] != null) p[k === 'customPlaybook' ? 'custom_playbook' : k] = plain(ctx[k]); });
        p.capabilities = capabilities();
        p.session = isObj(s) ? plain(s) : null;
        // The thread rides in init when it fits; otherwise it follows in pieces.
        var whole = thread.slice(), inInit = chunks(whole, INIT_BYTES).length <= 1;
        if (inInit && whole.length) p.ticket.messages = whole;
        initId = post('init', p);
        initAt = Date.now();
        if (!inInit) sendThread(whole);
        flushDraft();
      });
    }

    function onMessage(e) {
      // Only the frame we made, only from the widget's origin.
      if (e.source !== frame.contentWindow || e.origin !== origin) return;
      var m = e.data, p = isObj(m) && m.payload;
      if (!isObj(p) || m.protocol !== P || m.v !== 1 || !str(m.type) || !str(m.id) || !m.id || m.id.length > 64) return;
      switch (m.type) {
        case 'ready':
          if (!Array.isArray(p.protocols) || p.protocols.indexOf(1) < 0) return void call(o.onError, [{ code: 'unsupported_version', message: 'the widget does not speak protocol 1' }]);
          ready = true;
          call(o.onReady, [p]);
          // A widget that says ready has no ticket (first start, or its frame reloaded):
          // send init, unless one is being prepared, was refused, or just crossed this.
          if (initId === 'pending' || initId === 'rejected' || initId && Date.now() - initAt < 1500) return;
          sendInit();
          break;
        case 'save':
          if (!str(p.ticket_id) || !isObj(p.session) || typeof p.rev !== 'number') return;
          var s = plain(p.session), w = m.re && waiting[m.re];
          // In order, and ack only once the host's store has it.
          var base = typeof p.base_rev === 'number' ? p.base_rev : 0;
          saving = saving.then(function () { return call(o.saveSession, [p.ticket_id, s, { rev: p.rev, baseRev: base }]); }).then(function () {
            if (typeof o.saveSession === 'function') post('ack', {}, m.id);
          }, function (e) {
            // The host's store refused a stale save: hand the sidebar the host's copy to merge.
            if (e && isObj(e.conflict) && p.ticket_id === ticket.id) post('conflict', { ticket_id: p.ticket_id, session: plain(e.conflict) }, m.id);
            /* otherwise no ack: the sidebar says the helpdesk has not confirmed */
          });
          if (w) { delete waiting[m.re]; w({ ticketId: p.ticket_id, rev: p.rev, session: s }); }
          break;
        case 'insert_text':
          // The reply box belongs to the open ticket.
          if (str(p.text) && p.ticket_id === ticket.id) call(o.insertText, [p.text, p.ticket_id]);
          break;
        case 'set_draft':
          if (str(p.text) && p.ticket_id === ticket.id) call(o.setDraft, [p.text, p.ticket_id]);
          break;
        case 'note':
          if (str(p.text) && str(p.ticket_id)) call(o.addNote, [p.text, p.ticket_id]);
          break;
        case 'follow_up':
          if (str(p.text) && str(p.ticket_id)) call(o.followUp, [{ due: p.due, text: p.text, ticketId: p.ticket_id }]);
          break;
        case 'resize':
          var h = p.height;
          if (typeof h !== 'number' || !(h > 0)) return;
          h = Math.min(Math.max(Math.round(h), o.minHeight || 0), o.maxHeight || 20000);
          if (o.autoHeight) frame.style.height = h + 'px';
          call(o.onResize, [h]);
          break;
        case 'error':
          if (m.re && m.re === initId) initId = 'rejected'; // do not repeat a refused init
          call(o.onError, [plain(p)]);
      }
    }

    W.addEventListener('message', onMessage);
    o.container.appendChild(frame);

    return {
      iframe: frame,
      /** Switches to another ticket; opts may change channel, agent, company, playbook, theme, locale, capabilities, customPlaybook. */
      open: function (t, opts) {
        ticket = ticketOf(t);
        KEYS.forEach(function (k) { if (opts && k in opts) ctx[k] = opts[k]; });
        // Another ticket: its own thread, and the old ticket's unsent draft is dropped.
        thread = []; seen = {};
        remember(t.messages);
        draftText = null;
        if (draftTimer) { clearTimeout(draftTimer); draftTimer = null; }
        initId = null;
        sendInit();
      },
      /** The agent's reply box changed: the sidebar coaches it. At most one message per 150 ms; the newest text always goes. */
      draftChanged: function (text) {
        draftText = text == null ? '' : String(text).slice(0, MAX_DRAFT);
        if (draftTimer) return;
        var wait = DRAFT_MS - (Date.now() - draftAt);
        if (wait <= 0) flushDraft();
        else draftTimer = setTimeout(flushDraft, wait);
      },
      /** Messages of the open ticket's thread, oldest first: new ones, or the whole thread again (ids already sent are skipped). */
      addMessages: function (list) {
        var fresh = remember(list);
        if (fresh.length && opened()) sendThread(fresh);
        return fresh.length;
      },
      /** Another agent changed the open ticket's session (the host heard of it): the sidebar merges it into its own. */
      push: function (session) {
        if (!isObj(session) || !opened()) return false;
        return !!post('session', { ticket_id: ticket.id, session: plain(session) });
      },
      /** Asks for the current state; resolves with the answering save (also stored and acked as usual). */
      requestState: function (ms) {
        return new Promise(function (resolve, reject) {
          var id = ready && post('request_state', {});
          if (!id) return reject(new Error('Turnaround: the sidebar is not connected'));
          waiting[id] = resolve;
          setTimeout(function () { if (waiting[id]) { delete waiting[id]; reject(new Error('Turnaround: no answer')); } }, ms || 5000);
        });
      },
      destroy: function () {
        dead = true;
        if (draftTimer) clearTimeout(draftTimer);
        W.removeEventListener('message', onMessage);
        frame.remove();
      },
    };
  }

  W.Turnaround = { embed: embed, protocol: 1 };
})(window);
