// Turnaround as a Zendesk Support ticket-sidebar app.
//
// Zendesk loads assets/iframe.html?origin=<Zendesk origin>&app_guid=<guid>.
// The ZAF client SDK (zaf_sdk.js, bundled from the npm package
// zendesk_app_framework_sdk, never fetched from a CDN) talks to Zendesk; the
// Turnaround sidebar runs in a nested frame through embed.js, and this page
// is its host:
//   ticket context   client.get(ticket.id, subject, requester, via.channel, comments, conversation, currentUser.name, currentUser.locale)
//   the thread       ticket.conversation, then the event ticket.conversation.changed (protocol revision 2:
//                    addMessages); each message's HTML read as plain text in an inert DOMParser document
//   the draft        comment.text, then the event comment.text.changed (draftChanged)
//   a rewrite        client.set('comment.text', html) when the agent takes one (setDraft)
//   insert a phrase  client.invoke('ticket.comment.appendText', text)
//   service alert    comment.type = internalNote, then ticket.comment.appendMarkdown,
//                    only into an empty reply box; otherwise shown here to copy
//   height           client.invoke('resize', {width: '100%', height})
//   sessions         a custom object record per ticket, through client.request (session-store.js): loaded at
//                    open, each save written after a revision check (a stale one answered with conflict), another
//                    agent's copy pushed (read on ticket.updated, on app.activated and every 20 s on screen);
//                    without the object configured, this app's own localStorage, and the app says so
// The sidebar ships inside this app (assets/sidebar.html and its bundle), so
// uploading the zip is the whole installation; the app setting
// "turnaround_url" overrides it with a sidebar hosted elsewhere.
(function () {
  'use strict';

  var statusEl = document.getElementById('status');
  function say(text, warn) {
    statusEl.textContent = text;
    statusEl.className = 'zd-status' + (warn ? ' zd-warn' : '');
  }

  var client = window.ZAFClient && window.ZAFClient.init();
  if (!client) {
    say('This page is the Turnaround app for Zendesk Support: it runs inside a ticket, where Zendesk gives it the ticket.', true);
    return;
  }

  // --- Where sessions live (session-store.js): Zendesk, or this frame's localStorage.
  var storeEl = document.getElementById('store-status');
  function sayStore(text, warn) {
    storeEl.textContent = text;
    storeEl.className = 'zd-status' + (warn ? ' zd-warn' : '');
    fit();
  }
  /** The store the app settings name: a custom object, or (not set up) the browser. */
  function storeFor(settings, ticketId) {
    var key = String(settings.sessions_object || '').trim();
    if (!key) {
      sayStore('Sessions are kept in this browser only, so colleagues on this ticket do not see them: a Zendesk admin can keep them in Zendesk (the app setting "Sessions object"; see the app\'s README).', true);
      return window.TurnaroundSessions.local();
    }
    return window.TurnaroundSessions.zendesk({
      client: client,
      objectKey: key,
      fieldKey: String(settings.sessions_field || '').trim() || 'session_json',
      ticketId: ticketId,
      say: sayStore,
      push: function (session) { return !!(window.turnaround && window.turnaround.push(session)); },
    });
  }

  // --- The service alert as an internal note, without touching a draft reply.
  var pending = document.getElementById('pending');
  function showPending(markdown, why) {
    document.getElementById('pending-why').textContent = why;
    document.getElementById('pending-text').textContent = markdown;
    pending.hidden = false;
    fit();
  }
  document.getElementById('pending-close').addEventListener('click', function () { pending.hidden = true; fit(); });
  document.getElementById('pending-copy').addEventListener('click', function () {
    var text = document.getElementById('pending-text').textContent;
    var done = function () { say('Copied: paste it into an internal note.'); };
    var byHand = function () {
      var range = document.createRange();
      range.selectNodeContents(document.getElementById('pending-text'));
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      say(document.execCommand('copy') ? 'Copied: paste it into an internal note.' : 'Selected: press Ctrl+C (or Cmd+C) to copy it.');
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, byHand);
    else byHand();
  });

  function addNote(markdown) {
    return client.get('comment.text').then(function (r) {
      // Rich-text editors report an empty box as markup such as <p></p>.
      var draft = String(r['comment.text'] || '').replace(/<[^>]*>|&nbsp;/g, '').trim();
      if (draft) throw new Error('draft');
      return client.set('comment.type', 'internalNote');
    }).then(function () {
      return client.get('comment.type');
    }).then(function (r) {
      if (r['comment.type'] !== 'internalNote') throw new Error('type');
      return client.invoke('ticket.comment.appendMarkdown', markdown);
    }).then(function () {
      say('The service alert is in the reply box as an internal note: check it, then submit.');
    }, function (e) {
      showPending(markdown, e && e.message === 'draft'
        ? 'Your reply box holds a draft, so the service alert was not added to it. Copy it and add it as an internal note:'
        : 'Zendesk did not switch the reply box to an internal note, so the service alert was not added. Copy it and add it as an internal note:');
    });
  }

  // --- Height: Zendesk sizes the app frame; tell it what this page needs.
  var lastHeight = 0;
  function fit() {
    var h = Math.ceil(document.documentElement.scrollHeight);
    if (h && h !== lastHeight) {
      lastHeight = h;
      client.invoke('resize', { width: '100%', height: h + 'px' });
    }
  }

  function channelOf(via) {
    if (via === 'email' || via === 'web' || via === 'api') return 'email';
    if (via === 'voice') return 'phone';
    if (via === 'chat' || via === 'native_messaging' || via === 'messaging' || /^(any_channel|facebook|twitter|whatsapp|line|sms)/.test(via || '')) return 'chat';
    return undefined;
  }

  // --- HTML from Zendesk, read as plain text. DOMParser makes an inert
  // document: no script runs, nothing loads, nothing touches this page.
  var BLOCK = /^(P|DIV|LI|UL|OL|BLOCKQUOTE|PRE|H[1-6]|TR|TABLE|SECTION|ARTICLE|HEADER|FOOTER)$/;
  function htmlToText(html) {
    if (html == null) return '';
    var doc = new DOMParser().parseFromString(String(html), 'text/html');
    var out = '';
    (function walk(node) {
      for (var n = node.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) { out += n.nodeValue; continue; }
        if (n.nodeType !== 1) continue;
        var tag = n.nodeName;
        if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEMPLATE') continue;
        if (tag === 'BR') { out += '\n'; continue; }
        var block = BLOCK.test(tag);
        if (block && out && !/\n$/.test(out)) out += '\n';
        walk(n);
        if (block && !/\n$/.test(out)) out += '\n';
      }
    })(doc.body);
    return out.replace(/\u00a0/g, ' ').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  }
  /** Plain text as the HTML Zendesk's reply box holds: escaped, paragraphs and line breaks kept. */
  function textToHtml(text) {
    var esc = String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    return esc.split(/\n{2,}/).map(function (p) { return '<p>' + p.replace(/\n/g, '<br>') + '</p>'; }).join('');
  }

  /** The requester's latest comment as plain text (for sidebars before revision 2). */
  function lastMessageOf(comments) {
    var theirs = (Array.isArray(comments) ? comments : []).filter(function (c) { return c && c.author && c.author.role === 'end-user' && c.value; });
    // Comment ids grow with time; the order of the list is not relied on.
    var last = theirs.reduce(function (a, c) { return !a || Number(c.id) > Number(a.id) ? c : a; }, null);
    if (!last) return undefined;
    return htmlToText(last.value).slice(0, 20000) || undefined;
  }

  /** A short, stable hash of a string (FNV-1a), for message ids. */
  function hash(s) {
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h.toString(36);
  }
  /**
   * ticket.conversation as protocol messages, oldest first. Zendesk gives each
   * entry {author: {id, name, role}, channel: {name}, message: {content, contentType}, timestamp}
   * and no id: the id is made of the time, the author and the content, so the
   * same message always gets the same one.
   */
  function messagesOf(conversation) {
    var list = (Array.isArray(conversation) ? conversation : []).filter(function (c) { return c && isObj(c.message); });
    list = list.map(function (c, i) { return { c: c, i: i, t: Date.parse(c.timestamp) }; })
      .sort(function (a, b) { return (a.t || 0) - (b.t || 0) || a.i - b.i; });
    return list.map(function (x) {
      var c = x.c, author = isObj(c.author) ? c.author : {}, channel = isObj(c.channel) ? c.channel.name : '';
      var from = channel === 'internal' ? 'note' : (author.role === 'end-user' ? 'customer' : 'agent');
      var html = String(c.message.content == null ? '' : c.message.content);
      var text = /html/i.test(c.message.contentType || 'text/html') ? htmlToText(html) : html.trim();
      var m = { id: ('zd:' + (c.timestamp || '') + ':' + (author.id == null ? '' : author.id) + ':' + hash(html)).slice(0, 128), from: from, text: text.slice(0, 20000) };
      if (!isNaN(x.t)) m.at = new Date(x.t).toISOString();
      return m;
    });
  }
  function isObj(x) { return x !== null && typeof x === 'object' && !Array.isArray(x); }

  var FIELDS = ['ticket.id', 'ticket.subject', 'ticket.requester.id', 'ticket.requester.name', 'ticket.requester.email', 'ticket.via.channel', 'ticket.comments', 'ticket.conversation', 'comment.text', 'currentUser.name', 'currentUser.locale'];
  Promise.all([client.metadata(), client.get(FIELDS)]).then(function (r) {
    var settings = (r[0] && r[0].settings) || {};
    var d = r[1] || {};
    if (d['ticket.id'] == null) {
      say('Open a ticket to use Turnaround.', true);
      return;
    }
    var src = settings.turnaround_url || new URL('sidebar.html', location.href).href;
    var store = storeFor(settings, d['ticket.id']);
    window.turnaround = window.Turnaround.embed({
      container: document.getElementById('sidebar'),
      src: src,
      title: 'Turnaround: steps and phrases for this ticket',
      ticket: {
        id: d['ticket.id'],
        subject: d['ticket.subject'],
        customer: { id: d['ticket.requester.id'], name: d['ticket.requester.name'], email: d['ticket.requester.email'] },
        last_message: lastMessageOf(d['ticket.comments']),
        messages: messagesOf(d['ticket.conversation']),
      },
      agent: d['currentUser.name'] ? { name: d['currentUser.name'] } : undefined,
      company: settings.company || undefined,
      // The agent's Zendesk language ("es-419", "de"): the sidebar speaks it when it has it.
      locale: typeof d['currentUser.locale'] === 'string' ? d['currentUser.locale'] : undefined,
      channel: channelOf(d['ticket.via.channel']),
      capabilities: { insert_text: true, note: true },
      autoHeight: true,
      minHeight: 320,
      maxHeight: 4000,
      loadSession: store.load,
      saveSession: store.save,
      insertText: function (text) { return client.invoke('ticket.comment.appendText', text); },
      setDraft: function (text) { return client.set('comment.text', textToHtml(text)); },
      addNote: addNote,
      onResize: function () { fit(); },
      onError: function (e) { say('Turnaround refused a message from this app: ' + e.message, true); },
    });
    // The thread and the reply box as they change (the events carry the new value).
    var sidebar = window.turnaround;
    if (store.kind === 'zendesk') {
      // The sidebar's saves as they are posted (the same checks as embed.js): a save still
      // queued behind a newer one is skipped, so a burst of typing costs one write, not one per keystroke.
      var widgetOrigin = new URL(src, location.href).origin;
      window.addEventListener('message', function (e) {
        var m = e.data;
        if (e.source !== sidebar.iframe.contentWindow || e.origin !== widgetOrigin) return;
        if (isObj(m) && m.protocol === 'turnaround' && m.type === 'save' && isObj(m.payload)) store.seen(m.payload.rev);
      });
      // Another agent touched the ticket, or the agent came back to it: look at Zendesk's copy now.
      client.on('ticket.updated', function () { store.refresh(); });
      client.on('app.activated', function () { store.setActive(true); });
      client.on('app.deactivated', function () { store.setActive(false); });
      document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'visible') store.refresh(); });
    }
    client.on('ticket.conversation.changed', function (conversation) {
      if (Array.isArray(conversation)) sidebar.addMessages(messagesOf(conversation));
      else client.get('ticket.conversation').then(function (r) { sidebar.addMessages(messagesOf(r['ticket.conversation'])); });
    });
    client.on('comment.text.changed', function (html) { sidebar.draftChanged(htmlToText(html)); });
    if (d['comment.text']) sidebar.draftChanged(htmlToText(d['comment.text']));
    say('');
    fit();
  }).catch(function (e) {
    say('Zendesk did not give Turnaround the ticket (' + (e && e.message || e) + ').', true);
  });
})();
