/*! Turnaround embed SDK: puts the Turnaround sidebar in an iframe and speaks
 *  its host protocol (version 1) for the page. No dependencies.
 *
 *  const sidebar = Turnaround.embed({
 *    container: document.getElementById('sidebar'),
 *    src: 'https://turnaround.example.com/index.html',
 *    ticket: { id: '4711', subject: 'Double billed', customer: { id: 'c-9', name: 'Dana Reyes', email: 'dana@example.com' } },
 *    agent: { name: 'Sam' }, company: 'Acme', channel: 'chat',
 *    loadSession: (ticketId) => myStore.get(ticketId),          // may return a Promise; null when none
 *    saveSession: (ticketId, session, rev) => myStore.put(...),  // resolve to confirm (ack), throw/reject to withhold it
 *    insertText: (text, ticketId) => replyBox.insert(text),
 *    addNote: (markdown, ticketId) => notes.add(markdown),
 *    followUp: ({ due, text, ticketId }) => tasks.add(...),
 *  });
 *  sidebar.open({ id: '4712', ... });  // switch tickets
 */
(function (global) {
  'use strict';

  var PROTOCOL = 'turnaround';
  var VERSION = 1;

  function isObject(x) { return x !== null && typeof x === 'object' && !Array.isArray(x); }

  function embed(options) {
    var o = options || {};
    if (!o.container || !o.src || !o.ticket || !o.ticket.id) {
      throw new Error('Turnaround.embed needs container, src and ticket.id');
    }
    var url = new URL(o.src, global.location.href);
    var widgetOrigin = url.origin;
    url.searchParams.set('host', global.location.origin);
    var iframe = document.createElement('iframe');
    iframe.src = url.href;
    iframe.title = o.title || 'Turnaround: guide for turning this customer around';
    iframe.setAttribute('allow', 'clipboard-write');
    iframe.className = 'turnaround-frame';
    o.container.appendChild(iframe);

    var ticket = o.ticket;
    var counter = 0;
    var initSent = false;
    var destroyed = false;

    function post(type, payload, re) {
      if (destroyed || !iframe.contentWindow) return null;
      counter += 1;
      var msg = { protocol: PROTOCOL, v: VERSION, type: type, id: 'h-' + counter, payload: payload || {} };
      if (re) msg.re = re;
      iframe.contentWindow.postMessage(msg, widgetOrigin);
      return msg.id;
    }

    function call(fn, args) {
      try { return Promise.resolve(typeof fn === 'function' ? fn.apply(null, args) : undefined); }
      catch (e) { return Promise.reject(e); }
    }

    function sendInit() {
      initSent = true;
      var current = ticket;
      call(o.loadSession, [current.id]).catch(function () { return null; }).then(function (session) {
        if (current !== ticket) return; // switched meanwhile; that switch sends its own init
        var payload = { ticket: current };
        if (o.agent) payload.agent = o.agent;
        if (o.company) payload.company = o.company;
        if (o.channel) payload.channel = o.channel;
        if (o.playbook) payload.playbook = o.playbook;
        if (o.theme) payload.theme = o.theme;
        payload.session = isObject(session) ? session : null;
        post('init', payload);
      });
    }

    function onMessage(event) {
      // Only the frame we made, only from the widget's origin.
      if (event.source !== iframe.contentWindow || event.origin !== widgetOrigin) return;
      var m = event.data;
      if (!isObject(m) || m.protocol !== PROTOCOL || m.v !== VERSION || typeof m.type !== 'string' || !isObject(m.payload)) return;
      var p = m.payload;
      switch (m.type) {
        case 'ready':
          if (!initSent) sendInit();
          break;
        case 'save':
          if (typeof p.ticket_id !== 'string' || !isObject(p.session)) return;
          call(o.saveSession, [p.ticket_id, p.session, p.rev]).then(function () { post('ack', {}, m.id); }, function () { /* no ack: the sidebar shows it */ });
          break;
        case 'insert_text':
          if (typeof p.text === 'string') call(o.insertText, [p.text, p.ticket_id]);
          break;
        case 'note':
          if (typeof p.text === 'string') call(o.addNote, [p.text, p.ticket_id]);
          break;
        case 'follow_up':
          if (typeof p.text === 'string') call(o.followUp, [{ due: p.due, text: p.text, ticketId: p.ticket_id }]);
          break;
        case 'resize':
          if (typeof p.height === 'number' && p.height > 0 && o.autoHeight) iframe.style.height = Math.min(p.height, 20000) + 'px';
          break;
        case 'error':
          call(o.onError, [p]);
          break;
      }
    }

    global.addEventListener('message', onMessage);
    // A reloaded frame announces itself again and needs a fresh init.
    iframe.addEventListener('load', function () { initSent = false; });

    return {
      iframe: iframe,
      /** Switches the sidebar to another ticket. */
      open: function (next) {
        if (!next || !next.id) throw new Error('open() needs a ticket with an id');
        ticket = next;
        sendInit();
      },
      /** Asks the sidebar for its current state (answered with a save). */
      requestState: function () { return post('request_state', {}); },
      destroy: function () {
        destroyed = true;
        global.removeEventListener('message', onMessage);
        iframe.remove();
      },
    };
  }

  global.Turnaround = { embed: embed, protocol: VERSION };
})(window);
