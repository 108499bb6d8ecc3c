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
// reply box or notes, so the sidebar is told (capabilities) and copies
// instead, saying so. Sessions are kept in this page origin's localStorage
// (the host store) and acknowledged once written. The sidebar itself is
// ../index.html, next to this folder.
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

  // --- The host store, keyed by Chatwoot address and conversation.
  var PREFIX = 'turnaround-chatwoot.session.' + CHATWOOT + '.';
  function storage() {
    try { return window.localStorage; } catch (e) { return null; } // blocked third-party storage
  }
  function loadSession(id) {
    var s = storage();
    try { return JSON.parse(s && s.getItem(PREFIX + id) || 'null'); } catch (e) { return null; }
  }
  function saveSession(id, session) {
    var s = storage();
    if (!s) throw new Error('storage is blocked in this frame');
    s.setItem(PREFIX + id, JSON.stringify(session)); // throws when full: no ack, and the sidebar says so
  }

  function text(x, max) {
    if (x == null) return undefined;
    var s = String(x).replace(/\s+/g, ' ').trim();
    return s.length > max ? s.slice(0, max - 1) + '…' : s;
  }

  function subjectOf(conv) {
    var attrs = isObj(conv.additional_attributes) ? conv.additional_attributes : {};
    if (attrs.mail_subject) return text(attrs.mail_subject, 200);
    var first = Array.isArray(conv.messages) && conv.messages.filter(function (m) { return m && m.content; })[0];
    return first ? text(first.content, 90) : 'Conversation #' + conv.id;
  }

  /** The customer's latest message (message_type 0 is incoming), for the coach. */
  function lastMessageOf(conv) {
    var incoming = (Array.isArray(conv.messages) ? conv.messages : []).filter(function (m) { return m && m.message_type === 0 && m.content; });
    var last = incoming[incoming.length - 1];
    return last ? String(last.content).slice(0, 20000) : undefined;
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
    var contact = isObj(data.contact) ? data.contact : (isObj(meta.sender) ? meta.sender : {});
    var agent = isObj(data.currentAgent) ? data.currentAgent : null;
    var ticket = {
      id: String(conv.id),
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
    // Chatwoot resends context for many reasons; re-open only on a real change.
    var key = JSON.stringify([ticket, opts]);
    if (key === last) return;
    last = key;
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
  // that message came before this script listened.
  window.parent.postMessage('chatwoot-dashboard-app:fetch-info', CHATWOOT);
})();
