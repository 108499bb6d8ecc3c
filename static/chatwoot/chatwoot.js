// Turnaround as a Chatwoot Dashboard App.
//
// Chatwoot loads this page in an iframe and, when it has loaded (and whenever
// asked with the string "chatwoot-dashboard-app:fetch-info"), posts it a JSON
// string: {"event": "appContext", "data": {conversation, contact,
// currentAgent: {id, name, email}, customAttributes, theme}} (older versions:
// only conversation and contact). Chatwoot posts with "*" and checks nothing;
// this page accepts context only from its parent window and only from the
// Chatwoot origin named in its own address (?chatwoot=https%3A%2F%2Fapp.chatwoot.com).
//
// The Dashboard App protocol is read-only: no way to write into Chatwoot's
// reply box or notes, and no draft, so the sidebar is told (capabilities) and
// copies instead, saying so; its paste box stays. The conversation's messages
// go to the sidebar as its thread (protocol revision 2); Chatwoot posts the
// context only on load and on fetch-info, so the adapter asks again every few
// seconds while it is visible, and passes on the messages that are new.
// Sessions are kept in this page origin's localStorage (the host store, one
// key per Chatwoot address, account and conversation) and acknowledged once
// written. The sidebar itself is ../index.html, next to this folder.
(function () {
  'use strict';

  var statusEl = document.getElementById('status');
  function say(text, warn) {
    statusEl.textContent = text;
    statusEl.className = 'cw-status' + (warn ? ' cw-warn' : '');
  }
  function isObj(x) { return x !== null && typeof x === 'object' && !Array.isArray(x); }

  /** The exact origin in ?chatwoot=, or null for anything that is not one. */
  function chatwootOrigin() {
    var raw = new URLSearchParams(location.search).get('chatwoot');
    if (!raw) return null;
    try {
      var u = new URL(raw);
      var bare = raw.replace(/\/+$/, '') === u.origin;
      return /^https?:$/.test(u.protocol) && bare ? u.origin : null;
    } catch (e) { return null; }
  }

  var CHATWOOT = chatwootOrigin();
  if (!CHATWOOT) {
    say('Add your Chatwoot address to this app\'s URL, e.g. …/chatwoot/index.html?chatwoot=https%3A%2F%2Fapp.chatwoot.com', true);
    return;
  }
  if (window.parent === window) {
    say('This page is a Chatwoot Dashboard App: open it from a conversation in Chatwoot.', true);
    return;
  }

  // --- The host store, keyed by Chatwoot address and ticket id; the ticket id
  // names the account and the conversation ("1:312"), because two accounts on
  // one address number their conversations alike (and the sidebar's own copy
  // is keyed by the ticket id too).
  var PREFIX = 'turnaround-chatwoot.session.' + CHATWOOT + '.';
  function storage() {
    try { return window.localStorage; } catch (e) { return null; } // blocked third-party storage
  }
  function keyOf(id) { return PREFIX + id; }
  function loadSession(id) {
    var s = storage();
    try { return JSON.parse(s && s.getItem(keyOf(id)) || 'null'); } catch (e) { return null; }
  }
  function saveSession(id, session) {
    var s = storage();
    if (!s) throw new Error('storage is blocked in this frame');
    s.setItem(keyOf(id), JSON.stringify(session)); // throws when full: no ack, and the sidebar says so
  }

  function text(x, max) {
    if (x == null) return undefined;
    var s = String(x).replace(/\s+/g, ' ').trim();
    return s.length > max ? s.slice(0, max - 1) + '…' : s;
  }

  // Chatwoot's message_type: 0 incoming (the contact), 1 outgoing (an agent;
  // `private: true` is an internal note), 2 activity ("Conversation was
  // assigned to …"), 3 template (sent by the inbox, not written by the agent).
  var INCOMING = 0, OUTGOING = 1;
  function said(m) { return isObj(m) && m.content != null && String(m.content).trim() !== '' && !m.private; }
  function byTime(list) {
    return list.map(function (m, i) { return { m: m, i: i }; })
      .sort(function (a, b) { return (Number(a.m.created_at) || 0) - (Number(b.m.created_at) || 0) || a.i - b.i; })
      .map(function (x) { return x.m; });
  }
  function messagesArray(conv) { return byTime((Array.isArray(conv.messages) ? conv.messages : []).filter(isObj)); }

  function subjectOf(conv) {
    var attrs = isObj(conv.additional_attributes) ? conv.additional_attributes : {};
    if (attrs.mail_subject) return text(attrs.mail_subject, 200);
    // What someone wrote: never an activity line or a private note.
    var first = messagesArray(conv).filter(function (m) { return said(m) && (m.message_type === INCOMING || m.message_type === OUTGOING); })[0];
    return first ? text(first.content, 90) : 'Conversation #' + conv.id;
  }

  /** The customer's latest message, for sidebars before revision 2. */
  function lastMessageOf(conv) {
    var incoming = messagesArray(conv).filter(function (m) { return said(m) && m.message_type === INCOMING; });
    var last = incoming[incoming.length - 1];
    return last ? String(last.content).slice(0, 20000) : undefined;
  }

  /** The conversation's messages as the protocol's thread, oldest first; activity and template messages left out. */
  function threadOf(conv) {
    return messagesArray(conv).filter(function (m) {
      return m.id != null && m.content != null && (m.message_type === INCOMING || m.message_type === OUTGOING);
    }).map(function (m) {
      var out = {
        id: 'cw:' + String(m.id).slice(0, 120),
        from: m.message_type === INCOMING ? 'customer' : (m.private ? 'note' : 'agent'),
        text: String(m.content).slice(0, 20000),
      };
      var at = Number(m.created_at);
      if (at > 0) out.at = new Date(at * 1000).toISOString();
      return out;
    });
  }

  /** The contact: Chatwoot's store hands over {} for a contact it has not loaded; the conversation's sender is the same person. */
  function contactOf(data, meta) {
    var c = isObj(data.contact) ? data.contact : {};
    if (c.id != null || c.name) return c;
    return isObj(meta.sender) ? meta.sender : {};
  }

  function channelOf(conv) {
    var ch = String(isObj(conv.meta) && conv.meta.channel || '');
    if (/Email/i.test(ch)) return 'email';
    if (/Voice|Phone/i.test(ch)) return 'phone';
    return 'chat';
  }

  var sidebar = null;
  var last = '';

  function apply(data) {
    var conv = isObj(data.conversation) ? data.conversation : null;
    if (!conv || conv.id == null || conv.id === '') return;
    var meta = isObj(conv.meta) ? conv.meta : {};
    var contact = contactOf(data, meta);
    var agent = isObj(data.currentAgent) ? data.currentAgent : null;
    var messages = threadOf(conv);
    var acct = conv.account_id == null || conv.account_id === '' ? '' : String(conv.account_id);
    var ticket = {
      id: (acct ? acct + ':' : '') + String(conv.id),
      subject: subjectOf(conv),
      customer: { id: contact.id, name: text(contact.name, 256), email: text(contact.email, 256) },
      last_message: lastMessageOf(conv),
    };
    var opts = {
      agent: agent && agent.name ? { name: text(agent.name, 256) } : undefined,
      channel: channelOf(conv),
      theme: data.theme === 'dark' || data.theme === 'light' ? data.theme : undefined,
      capabilities: { insert_text: false, note: false },
    };
    // Chatwoot resends context for many reasons (and the adapter asks every few
    // seconds): re-open only when the conversation or its context changed; new
    // messages of the same conversation go on as the thread.
    var key = JSON.stringify([ticket.id, ticket.subject, ticket.customer, opts]);
    if (key === last) {
      if (sidebar) sidebar.addMessages(messages);
      return;
    }
    last = key;
    ticket.messages = messages;
    say('');
    if (sidebar) {
      sidebar.open(ticket, opts);
      return;
    }
    sidebar = window.Turnaround.embed({
      container: document.getElementById('sidebar'),
      src: new URL('../index.html', location.href).href,
      title: 'Turnaround: steps and phrases for this conversation',
      ticket: ticket,
      agent: opts.agent,
      channel: opts.channel,
      theme: opts.theme,
      capabilities: opts.capabilities,
      loadSession: loadSession,
      saveSession: saveSession,
      onError: function (e) { say('Turnaround refused the conversation: ' + e.message, true); },
    });
    window.turnaround = sidebar;
  }

  window.addEventListener('message', function (e) {
    // Only Chatwoot itself: our parent window, from the configured origin.
    if (e.source !== window.parent || e.origin !== CHATWOOT || typeof e.data !== 'string') return;
    if (e.data.length > 4 * 1024 * 1024) return;
    var msg;
    try { msg = JSON.parse(e.data); } catch (err) { return; }
    if (!isObj(msg) || msg.event !== 'appContext' || !isObj(msg.data)) return;
    apply(msg.data);
  });

  // Chatwoot posts the context when this frame loads; ask as well, in case
  // that message came before this script listened, and again every few
  // seconds while the app is visible, for the messages that came since.
  function fetchInfo() { window.parent.postMessage('chatwoot-dashboard-app:fetch-info', CHATWOOT); }
  fetchInfo();
  var POLL_MS = 4000;
  setInterval(function () { if (!document.hidden) fetchInfo(); }, POLL_MS);
})();
