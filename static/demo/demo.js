// The demo helpdesk: a plausible ticket view that embeds Turnaround through
// embed.js, the way a real helpdesk integration would. Its "server" is this
// origin's localStorage.
(function () {
  'use strict';

  var TICKETS = [
    {
      id: '4711', subject: 'Charged twice for the October invoice', channel: 'chat',
      customer: { id: 'c-1001', name: 'Dana Reyes', email: 'dana.reyes@example.com' },
      thread: [
        { from: 'customer', text: 'I have been charged TWICE for October. This is the second month in a row something goes wrong with your billing!!' },
        { from: 'customer', text: 'I want the money back today, and I want to know why nobody answered my email from Monday.' },
      ],
    },
    {
      id: '4712', subject: 'Router keeps dropping the connection', channel: 'phone',
      customer: { id: 'c-1001', name: 'Dana Reyes', email: 'dana.reyes@example.com' },
      thread: [
        { from: 'customer', text: 'Your technician said the router was fixed. It dropped three times this morning. I work from home.' },
      ],
    },
    {
      id: '4720', subject: 'Technician never showed up', channel: 'email',
      customer: { id: 'c-2040', name: 'Marco Bianchi', email: 'marco@bianchi-bakery.example' },
      thread: [
        { from: 'customer', text: 'I took a day off for your visit between 8 and 12. Nobody came, nobody called. I am seriously considering cancelling.' },
      ],
    },
  ];

  var STORE_KEY = 'demo-helpdesk.sessions';
  var params = new URLSearchParams(location.search);
  // The sidebar lives on another origin, as in a real helpdesk: localhost when
  // this page is on 127.0.0.1 (and the other way round), or ?widget=URL.
  var widgetBase = params.get('widget') || (function () {
    var u = new URL(location.href);
    u.hostname = u.hostname === '127.0.0.1' ? 'localhost' : (u.hostname === 'localhost' ? '127.0.0.1' : u.hostname);
    u.pathname = u.pathname.replace(/[^/]*$/, '') + 'index.html';
    u.search = ''; u.hash = '';
    return u.href;
  })();

  function readStore() {
    try { return JSON.parse(localStorage.getItem(STORE_KEY) || '{}') || {}; } catch (e) { return {}; }
  }
  function writeStore(all) {
    localStorage.setItem(STORE_KEY, JSON.stringify(all));
    var n = Object.keys(all).length;
    document.getElementById('store-count').textContent = 'Sessions in the helpdesk store: ' + n + '.';
  }

  var current = TICKETS.find(function (t) { return t.id === params.get('ticket'); }) || TICKETS[0];
  var ackToggle = document.getElementById('ack-toggle');
  if (params.get('ack') === 'off') ackToggle.checked = false;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function renderTicket() {
    document.title = '#' + current.id + ' ' + current.subject + ' · Acme Support Desk (demo)';
    document.getElementById('ticket-subject').textContent = current.subject;
    document.getElementById('ticket-meta').textContent = '#' + current.id + ' · ' + current.customer.name + ' <' + current.customer.email + '> · via ' + current.channel;
    var thread = document.getElementById('thread');
    thread.replaceChildren();
    current.thread.forEach(function (m) {
      var li = el('li', 'desk-msg desk-msg-' + m.from);
      li.appendChild(el('span', 'desk-msg-who', m.from === 'customer' ? current.customer.name : 'Sam Okafor'));
      li.appendChild(el('p', null, m.text));
      thread.appendChild(li);
    });
    var tabs = document.getElementById('ticket-tabs');
    tabs.replaceChildren();
    TICKETS.forEach(function (t) {
      var b = el('button', 'desk-tab', '#' + t.id + ' ' + t.customer.name);
      b.type = 'button';
      b.setAttribute('data-ticket', t.id);
      if (t === current) b.setAttribute('aria-current', 'page');
      b.addEventListener('click', function () { switchTo(t); });
      tabs.appendChild(b);
    });
    document.getElementById('reply').value = '';
  }

  function addNote(markdown) {
    var li = el('li', 'desk-note');
    li.appendChild(el('span', 'desk-note-meta', 'Internal note · Turnaround · ticket #' + current.id));
    li.appendChild(el('pre', null, markdown));
    document.getElementById('notes').appendChild(li);
    document.getElementById('notes-empty').hidden = true;
  }

  var sidebar = Turnaround.embed({
    container: document.getElementById('sidebar'),
    src: widgetBase,
    ticket: { id: current.id, subject: current.subject, customer: current.customer },
    agent: { name: 'Sam Okafor' },
    company: 'Acme',
    channel: current.channel,
    loadSession: function (ticketId) { return readStore()[ticketId] || null; },
    saveSession: function (ticketId, session) {
      if (!ackToggle.checked) return Promise.reject(new Error('demo: saves not confirmed'));
      var all = readStore();
      all[ticketId] = session;
      writeStore(all);
    },
    insertText: function (text) {
      var box = document.getElementById('reply');
      var start = box.selectionStart != null ? box.selectionStart : box.value.length;
      var before = box.value.slice(0, start), after = box.value.slice(box.selectionEnd || start);
      var sep = before && !/\s$/.test(before) ? ' ' : '';
      box.value = before + sep + text + after;
    },
    addNote: addNote,
    followUp: function (f) {
      var li = el('li', 'desk-task', f.text + ' — due ' + new Date(f.due).toLocaleString());
      document.getElementById('tasks').appendChild(li);
    },
    onError: function (e) { console.warn('Turnaround said:', e.code, e.message); },
  });

  function switchTo(t) {
    current = t;
    renderTicket();
    document.getElementById('notes').replaceChildren();
    document.getElementById('notes-empty').hidden = false;
    document.getElementById('tasks').replaceChildren();
    sidebar.open({ id: t.id, subject: t.subject, customer: t.customer });
  }

  document.getElementById('reply-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var box = document.getElementById('reply');
    if (!box.value.trim()) return;
    current.thread.push({ from: 'agent', text: box.value.trim() });
    renderTicket();
  });

  window.demoHelpdesk = { sidebar: sidebar, tickets: TICKETS, store: readStore };
  renderTicket();
  writeStore(readStore());
})();
