// The demo helpdesk: a plausible ticket view that embeds Turnaround through
// embed.js, the way a real helpdesk integration would. The sidebar's
// sessions live on the demo server (scripts/demo-store.mjs, behind /api/),
// shared by every browser that opens the demo: a save names the copy it was
// built on, a stale one is refused with the stored copy (the sidebar merges
// and saves again), and a change another browser saved is pushed to this one
// (Server-Sent Events) and handed to the sidebar. Internal notes, follow-up
// tasks, reply drafts and the messages posted since stay in this browser's
// localStorage, per ticket. Served without the store (a plain file server),
// the sessions stay in this browser too, and the demo controls say so.
//
// It streams what protocol revision 2 lets a helpdesk stream: the thread (in
// init, then each new message with addMessages), the reply box as the agent
// types (draftChanged, at most once per 150 ms), and it replaces the reply
// box's text when the sidebar asks (setDraft). "Demo: the customer writes
// again" appends the ticket's next scripted customer message.
//
//   demo-helpdesk.html?ticket=4712   open that ticket first
//                     &ack=off       the helpdesk never confirms saves
//                     &widget=URL    the sidebar's address (default: the other loopback name)
//                     &agent=NAME    who is signed in (also the header's picker; kept per browser)
(function () {
  'use strict';

  var TICKETS = [
    {
      id: '4711', subject: 'Charged twice for the October invoice', channel: 'chat', status: 'Open', priority: 'High',
      customer: { id: 'c-1001', name: 'Dana Reyes', email: 'dana.reyes@example.com' },
      thread: [
        { from: 'customer', ago: 48, text: 'I have been charged TWICE for October. This is the second month in a row something goes wrong with your billing!!' },
        { from: 'customer', ago: 47, text: 'I want the money back today, and I want to know why nobody answered my email from Monday.' },
      ],
      next: [
        'I AM DONE WAITING. IF THE MONEY IS NOT BACK TODAY I WILL CANCEL EVERYTHING AND REPORT YOU TO MY BANK!!!',
        'Ok. Thank you for sorting it out so quickly, I appreciate it.',
      ],
    },
    {
      id: '4712', subject: 'Router keeps dropping the connection', channel: 'phone', status: 'Pending', priority: 'Normal',
      customer: { id: 'c-1001', name: 'Dana Reyes', email: 'dana.reyes@example.com' },
      thread: [
        { from: 'customer', ago: 1500, text: 'Your technician said the router was fixed. It dropped three times this morning. I work from home.' },
        { from: 'agent', ago: 1440, text: 'Thank you for letting us know, Dana. I have asked our network team to look at the line tonight.' },
        { from: 'customer', ago: 62, text: 'It dropped again during a client call. This is costing me money.' },
      ],
      next: [
        'THIS IS THE FOURTH TIME. FIX IT TODAY OR I AM CANCELLING AND TAKING THIS TO THE OMBUDSMAN!!!',
        'Thanks, the engineer is booked. Let us see if it holds this time.',
      ],
    },
    {
      id: '4720', subject: 'Technician never showed up', channel: 'email', status: 'Open', priority: 'Urgent',
      customer: { id: 'c-2040', name: 'Marco Bianchi', email: 'marco@bianchi-bakery.example' },
      thread: [
        { from: 'customer', ago: 95, text: 'I took a day off for your visit between 8 and 12. Nobody came, nobody called. I am seriously considering cancelling.' },
      ],
      next: [
        'STILL NOBODY HAS CALLED ME. I WANT A MANAGER NOW OR I WILL SUE YOU FOR THE LOST DAY!!!',
        'Fine, Thursday morning works. Thank you for the credit.',
      ],
    },
  ];

  var STORE_KEY = 'demo-helpdesk.v1';
  var AGENT_KEY = 'demo-helpdesk.agent';
  var params = new URLSearchParams(location.search);
  // Who is signed in: ?agent=, else this browser's last choice, else Sam.
  var agent = params.get('agent') || (function () { try { return localStorage.getItem(AGENT_KEY); } catch (e) { return null; } })() || 'Sam Okafor';
  agent = agent.trim().slice(0, 80) || 'Sam Okafor';
  // The sidebar lives on another origin, as in a real helpdesk: localhost when
  // this page is on 127.0.0.1 (and the other way round), or ?widget=URL.
  var widgetBase = params.get('widget') || (function () {
    var u = new URL(location.href);
    u.hostname = u.hostname === '127.0.0.1' ? 'localhost' : (u.hostname === 'localhost' ? '127.0.0.1' : u.hostname);
    u.pathname = u.pathname.replace(/[^/]*$/, '') + 'index.html';
    u.search = '';
    u.hash = '';
    return u.href;
  })();

  // --- The fake server: one JSON record in this origin's localStorage.
  // `sent`: messages posted since the ticket opened (the agent's replies and the
  // customer's scripted ones), per ticket: {id, from, at, ts, text}.
  function emptyStore() { return { sessions: {}, notes: {}, tasks: {}, drafts: {}, sent: {} }; }
  var memory = null; // used only if this page's own storage is blocked
  function readStore() {
    try {
      var s = JSON.parse(localStorage.getItem(STORE_KEY) || 'null');
      return s && typeof s === 'object' ? Object.assign(emptyStore(), s) : emptyStore();
    } catch (e) {
      return memory || (memory = emptyStore());
    }
  }
  function writeStore(all) {
    try { localStorage.setItem(STORE_KEY, JSON.stringify(all)); } catch (e) { memory = all; }
    showStoreState(all);
  }
  function update(fn) { var all = readStore(); fn(all); writeStore(all); return all; }
  function listFor(all, kind, id) { return all[kind][id] || (all[kind][id] = []); }

  // --- The sessions: the demo server's shared store (one copy per ticket,
  // revision-checked), or this browser's localStorage where there is none.
  // `known` is the copy of each ticket this page last saw in the shared store.
  var CLIENT = 'demo-' + Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
  var shared = null; // null: not asked yet; true: the server keeps sessions; false: this browser does
  var known = {};
  var lastSave = null;
  var lastPush = null;

  function sessionUrl(id) { return '/api/sessions/' + encodeURIComponent(id); }
  /** The body of a store answer: its JSON, or {error} in words when it has none. */
  function answer(r) {
    return r.json().catch(function () { return { error: 'HTTP ' + r.status }; }).then(function (body) { return { status: r.status, body: body || {} }; });
  }
  /** Whether the server keeps sessions: asked once, on the first load. */
  function loadShared(id) {
    return fetch(sessionUrl(id), { cache: 'no-store' }).then(answer).then(function (a) {
      if (a.status === 404 && shared === null) { shared = false; showStoreState(readStore()); return readStore().sessions[id] || null; }
      if (a.status !== 200) throw new Error('the demo store said ' + a.status + ': ' + a.body.error);
      if (shared === null) { shared = true; listen(false); }
      if (a.body.session) known[id] = a.body.session; else delete known[id];
      showStoreState(readStore());
      return a.body.session || null;
    });
  }
  function loadSession(id) {
    if (shared === false) return readStore().sessions[id] || null;
    return loadShared(id);
  }
  /** Stores a save built on `baseRev`; a stale one rejects with {conflict: the stored copy}. */
  function saveShared(id, session, baseRev) {
    return fetch(sessionUrl(id), {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ base_rev: baseRev, session: session, client: CLIENT }),
    }).then(answer).then(function (a) {
      if (a.status === 200) { known[id] = session; return; }
      if (a.status === 409 && a.body.session) {
        known[id] = a.body.session;
        showStoreState(readStore(), 'Refused a stale save of #' + id + ' (built on rev ' + baseRev + ', the store has ' + a.body.rev + '): the sidebar merges it.');
        throw { conflict: a.body.session };
      }
      showStoreState(readStore(), 'The demo store did not keep the save: ' + (a.body.error || 'HTTP ' + a.status));
      throw new Error(a.body.error || 'HTTP ' + a.status);
    });
  }

  /** Another browser's saves, as they are stored: handed to the sidebar when they are the open ticket's. */
  function listen(again) {
    if (typeof EventSource !== 'function') return;
    var live = document.getElementById('store-live');
    var events = new EventSource('/api/events');
    var first = !again;
    events.addEventListener('error', function () {
      live.textContent = 'Live changes from other windows: reconnecting to the demo server…';
      // A refused stream (the server answered with an error) is not retried by the browser: start again.
      if (events.readyState === EventSource.CLOSED) setTimeout(function () { listen(true); }, 5000);
    });
    events.addEventListener('open', function () {
      live.textContent = 'Changes from other windows arrive live.';
      // After a lost connection (the server restarted), catch up on what was missed.
      if (!first) loadShared(current.id).then(function (s) { if (s) sidebar.push(s); }).catch(function () {});
      first = false;
    });
    events.addEventListener('session', function (e) {
      var d;
      try { d = JSON.parse(e.data); } catch (err) { return; }
      if (!d || typeof d.ticket_id !== 'string' || !d.session || d.client === CLIENT) return;
      known[d.ticket_id] = d.session;
      lastPush = { id: d.ticket_id, rev: d.rev, by: typeof d.session.saved_by === 'string' ? d.session.saved_by : '', at: new Date().toLocaleTimeString() };
      showStoreState(readStore());
      if (d.ticket_id === current.id) sidebar.push(d.session);
    });
    events.addEventListener('removed', function (e) {
      var d;
      try { d = JSON.parse(e.data); } catch (err) { return; }
      if (d && typeof d.ticket_id === 'string') delete known[d.ticket_id];
    });
  }

  function showStoreState(all, news) {
    var text;
    if (shared === false) {
      text = 'This server keeps no shared store: sessions stay in this browser (' + Object.keys(all.sessions).length + ' so far). Serve the demo with make run to share them.';
    } else {
      text = 'Sessions are kept by the demo server and shared with every window on it.';
      if (lastSave) text += ' Last save here: #' + lastSave.id + ', rev ' + lastSave.rev + ', at ' + lastSave.at + '.';
      if (lastPush) text += ' Last change from another window: #' + lastPush.id + ', rev ' + lastPush.rev + (lastPush.by ? ', by ' + lastPush.by : '') + ', at ' + lastPush.at + '.';
    }
    if (news) text += ' ' + news;
    document.getElementById('store-count').textContent = text;
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
  function clock() { return new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }); }
  function byId(id) { return TICKETS.find(function (t) { return t.id === id; }); }

  // The scripted messages were written `ago` minutes before the page opened
  // (so the thread is always in the past); shown as the time, or "Yesterday".
  var opened = Date.now();
  function stampOf(ago) {
    var d = new Date(opened - ago * 60000);
    return { ts: d.toISOString(), at: ago > 12 * 60 ? 'Yesterday' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) };
  }
  /** The ticket's whole thread, oldest first, with stable ids. */
  function threadOf(t, all) {
    var first = t.thread.map(function (m, i) { return Object.assign({ id: 't' + t.id + '-' + i }, stampOf(m.ago), m); });
    var later = ((all || readStore()).sent[t.id] || []).map(function (m, i) {
      return m.id ? m : Object.assign({ id: 's' + t.id + '-' + i, ts: new Date().toISOString() }, m); // stored before messages had ids
    });
    return first.concat(later);
  }
  /** The thread as the protocol has it: {id, from, at, text}. */
  function protocolMessages(list) {
    return list.map(function (m) { return { id: m.id, from: m.from, at: m.ts, text: m.text }; });
  }

  // --- Rendering: everything as text, never as HTML.
  function renderQueue() {
    var list = document.getElementById('ticket-list');
    list.replaceChildren();
    TICKETS.forEach(function (t) {
      var li = el('li');
      var b = el('button', 'desk-tab');
      b.type = 'button';
      b.setAttribute('data-ticket', t.id);
      if (t === current) b.setAttribute('aria-current', 'page');
      var top = el('span', 'desk-tab-top');
      top.append(el('span', 'desk-tab-id', '#' + t.id), el('span', 'desk-badge desk-badge-' + t.priority.toLowerCase(), t.priority));
      b.append(top, el('span', 'desk-tab-subject', t.subject), el('span', 'desk-tab-who', t.customer.name + ' · ' + t.status + ' · ' + t.channel));
      b.addEventListener('click', function () { switchTo(t); });
      li.appendChild(b);
      list.appendChild(li);
    });
  }

  function renderTicket() {
    var all = readStore();
    document.title = '#' + current.id + ' ' + current.subject + ' · Acme Support Desk (demo)';
    document.getElementById('ticket-subject').textContent = current.subject;
    document.getElementById('ticket-meta').textContent = '#' + current.id + ' · ' + current.customer.name + ' <' + current.customer.email + '> · via ' + current.channel + ' · ' + current.status + ' · ' + current.priority + ' priority';
    document.getElementById('reply-to').textContent = current.customer.name;
    var thread = document.getElementById('thread');
    thread.replaceChildren();
    threadOf(current, all).forEach(function (m) {
      var li = el('li', 'desk-msg desk-msg-' + m.from);
      var head = el('span', 'desk-msg-who');
      head.append(el('strong', null, m.from === 'customer' ? current.customer.name : (m.by || agent)), el('span', 'desk-msg-at', m.at));
      li.append(head, el('p', null, m.text));
      thread.appendChild(li);
    });
    document.getElementById('reply').value = all.drafts[current.id] || '';
    document.getElementById('reply-hint').textContent = '';
    renderNotes(all);
    renderTasks(all);
    renderQueue();
  }

  function renderNotes(all) {
    var notes = listFor(all, 'notes', current.id);
    var ul = document.getElementById('notes');
    ul.replaceChildren();
    notes.forEach(function (n) {
      var li = el('li', 'desk-note');
      li.append(el('span', 'desk-note-meta', 'Internal note · ' + n.by + ' · ' + n.at), el('pre', null, n.text));
      ul.appendChild(li);
    });
    document.getElementById('notes-empty').hidden = notes.length > 0;
  }

  function renderTasks(all) {
    var tasks = listFor(all, 'tasks', current.id);
    var ul = document.getElementById('tasks');
    ul.replaceChildren();
    tasks.forEach(function (t) {
      var due = new Date(t.due);
      var li = el('li', 'desk-task');
      li.append(el('span', 'desk-task-due', isNaN(due) ? 'Due: ' + t.due : 'Due ' + due.toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })), el('span', null, t.text));
      ul.appendChild(li);
    });
    document.getElementById('tasks-empty').hidden = tasks.length > 0;
  }

  // The ticket as the sidebar gets it: its thread (the coach reads every
  // customer message once) and, for older sidebars, the customer's last message.
  function ctx(t) {
    var thread = threadOf(t);
    var fromCustomer = thread.filter(function (m) { return m.from === 'customer'; });
    var last = fromCustomer[fromCustomer.length - 1];
    return { id: t.id, subject: t.subject, customer: t.customer, last_message: last ? last.text : undefined, messages: protocolMessages(thread) };
  }

  // --- The integration: embed.js with this helpdesk's callbacks.
  var sidebar = window.Turnaround.embed({
    container: document.getElementById('sidebar'),
    src: widgetBase,
    ticket: ctx(current),
    agent: { name: agent },
    company: 'Acme',
    channel: current.channel,
    capabilities: { insert_text: true, note: true },
    loadSession: loadSession,
    // Resolves once stored (the sidebar gets ack); rejects with {conflict} when
    // another agent saved first (the sidebar merges and saves again).
    saveSession: function (ticketId, session, meta) {
      var done = function () {
        lastSave = { id: ticketId, rev: meta.rev, at: new Date().toLocaleTimeString() };
        showStoreState(readStore());
      };
      if (!ackToggle.checked) return Promise.reject(new Error('demo: the helpdesk does not confirm saves'));
      if (shared !== false) return saveShared(ticketId, session, meta.baseRev).then(done);
      // This browser's store, after a moment as a server round trip would take.
      return new Promise(function (resolve) { setTimeout(resolve, 120); }).then(function () {
        update(function (all) { all.sessions[ticketId] = session; });
        done();
      });
    },
    insertText: function (text) {
      var box = document.getElementById('reply');
      var start = box.selectionStart != null ? box.selectionStart : box.value.length;
      var end = box.selectionEnd != null ? box.selectionEnd : start;
      var before = box.value.slice(0, start);
      var sep = before && !/\s$/.test(before) ? ' ' : '';
      box.value = before + sep + text + box.value.slice(end);
      box.selectionStart = box.selectionEnd = (before + sep + text).length;
      saveDraft();
      document.getElementById('reply-hint').textContent = 'Inserted from Turnaround: edit it before sending.';
    },
    setDraft: function (text) {
      var box = document.getElementById('reply');
      box.value = text;
      box.selectionStart = box.selectionEnd = text.length;
      saveDraft();
      document.getElementById('reply-hint').textContent = 'Rewritten by Turnaround: read it, fill in any [brackets], then send.';
    },
    addNote: function (markdown, ticketId) {
      var all = update(function (a) { listFor(a, 'notes', ticketId).push({ by: 'Turnaround, for ' + agent, at: clock(), text: markdown }); });
      if (ticketId === current.id) renderNotes(all);
    },
    followUp: function (f) {
      var all = update(function (a) { listFor(a, 'tasks', f.ticketId).push({ due: f.due, text: f.text }); });
      if (f.ticketId === current.id) renderTasks(all);
    },
    onError: function (e) { console.warn('Turnaround refused a message from the demo helpdesk:', e.code, e.message); },
  });

  // Every change of the reply box is saved here and streamed to the sidebar
  // (embed.js sends at most one draft per 150 ms, the newest text last).
  function saveDraft() {
    var text = document.getElementById('reply').value;
    update(function (all) { all.drafts[current.id] = text; });
    sidebar.draftChanged(text);
  }

  /** A message posted to the open ticket: stored, shown, and streamed to the sidebar. */
  function post(from, text) {
    var m;
    update(function (all) {
      var list = listFor(all, 'sent', current.id);
      m = { id: 's' + current.id + '-' + list.length, from: from, at: clock(), ts: new Date().toISOString(), text: text };
      if (from === 'agent') m.by = agent;
      list.push(m);
      if (from === 'agent') all.drafts[current.id] = '';
    });
    renderTicket();
    sidebar.addMessages(protocolMessages([m]));
    if (from === 'agent') sidebar.draftChanged('');
    return m;
  }

  function switchTo(t) {
    if (t === current) return;
    saveDraft();
    current = t;
    renderTicket();
    sidebar.open(ctx(t), { channel: t.channel });
    sidebar.draftChanged(document.getElementById('reply').value);
    history.replaceState(null, '', '?' + new URLSearchParams(Object.assign(Object.fromEntries(params), { ticket: t.id })).toString());
  }

  document.getElementById('reply').addEventListener('input', saveDraft);
  document.getElementById('reply-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var box = document.getElementById('reply');
    var text = box.value.trim();
    if (!text) return;
    post('agent', text);
  });
  document.getElementById('customer-writes').addEventListener('click', function () {
    var said = (readStore().sent[current.id] || []).filter(function (m) { return m.from === 'customer'; }).length;
    var next = current.next[said % current.next.length];
    post('customer', next);
    document.getElementById('customer-writes-hint').textContent = 'The customer wrote again: see the temperature in the sidebar.';
  });
  // Clears this browser's records and, in the shared store, each ticket's
  // session as this page last saw it (one another window changed since stays).
  document.getElementById('reset-demo').addEventListener('click', function () {
    var removals = Object.keys(known).map(function (id) {
      return fetch(sessionUrl(id) + '?base_rev=' + known[id].rev + '&client=' + CLIENT, { method: 'DELETE' }).catch(function () {});
    });
    Promise.all(removals).then(function () {
      try { localStorage.removeItem(STORE_KEY); } catch (e) { memory = null; }
      location.reload();
    });
  });

  var agentPick = document.getElementById('agent-pick');
  if (!Array.prototype.some.call(agentPick.options, function (o) { return o.value === agent; })) agentPick.add(new Option(agent));
  agentPick.value = agent;
  agentPick.addEventListener('change', function () {
    agent = agentPick.value;
    try { localStorage.setItem(AGENT_KEY, agent); } catch (e) { /* blocked storage: the choice lasts for this page only */ }
    params.set('agent', agent);
    params.set('ticket', current.id);
    history.replaceState(null, '', '?' + params.toString());
    renderTicket();
    sidebar.open(ctx(current), { agent: { name: agent } });
  });

  // `store()` is this browser's records, with `sessions` as this page knows
  // them: the shared store's copies it last saw (or its own, without one).
  function storeView() {
    var all = readStore();
    if (shared !== false) all.sessions = JSON.parse(JSON.stringify(known));
    return all;
  }
  window.demoHelpdesk = {
    sidebar: sidebar, tickets: TICKETS, store: storeView, client: CLIENT,
    current: function () { return current.id; }, agent: function () { return agent; },
    shared: function () { return shared; },
  };
  renderTicket();
  showStoreState(readStore());
  document.getElementById('store-live').textContent = '';
  // A draft left from before a reload is coached at once.
  if (document.getElementById('reply').value) sidebar.draftChanged(document.getElementById('reply').value);
})();
