// The live coach's bench rows (protocol revision 2), printed, never asserted:
//   a `draft` of 2,000 characters -> its findings rendered (the widget's next frame);
//   a `conversation` of 200 messages -> readings taken and the curve rendered.
// A host page on the sidebar's own origin (written into dist/ by this module,
// with its script beside it: the product's CSP allows no inline script)
// embeds the sidebar, opens a ticket, posts the messages, and reads the
// sidebar's document (same origin) for the moment the result is in the DOM,
// then waits for the sidebar's next animation frame. Times are on one clock:
// performance.timeOrigin + performance.now() in each document.

import { readFileSync, writeFileSync } from 'node:fs';

const HOST_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench: live host</title><script src="bench-live-host.js" defer></script></head>
<body style="margin:0"><iframe id="w" title="Turnaround" style="border:0;width:420px;height:900px"></iframe></body></html>
`;

// The host side, in the page: init, then one measured message at a time.
const HOST_JS = `(function () {
  'use strict';
  var frame = document.getElementById('w');
  var url = new URL('index.html', location.href);
  url.searchParams.set('host', location.origin);
  var n = 0, readyWaiters = [], ready = false;
  function send(type, payload) { frame.contentWindow.postMessage({ protocol: 'turnaround', v: 1, type: type, id: 'b-' + (++n), payload: payload }, location.origin); }
  window.addEventListener('message', function (e) {
    var m = e.data;
    if (e.source !== frame.contentWindow || !m) return;
    if (m.type === 'ready') { ready = true; readyWaiters.splice(0).forEach(function (r) { r(); }); }
    if (m.type === 'save') frame.contentWindow.postMessage({ protocol: 'turnaround', v: 1, type: 'ack', id: 'b-' + (++n), re: m.id, payload: {} }, location.origin);
  });
  var clock = function (w) { return w.performance.timeOrigin + w.performance.now(); };
  function doc() { return frame.contentDocument; }
  function until(pred) {
    return new Promise(function (resolve) {
      if (pred()) return resolve();
      var obs = new MutationObserver(function () { if (pred()) { obs.disconnect(); resolve(); } });
      obs.observe(doc(), { subtree: true, childList: true, attributes: true, characterData: true });
    });
  }
  function nextFrame() { return new Promise(function (r) { frame.contentWindow.requestAnimationFrame(function () { r(clock(frame.contentWindow)); }); }); }
  window.bench = {
    ready: function () { return ready ? Promise.resolve() : new Promise(function (r) { readyWaiters.push(r); }); },
    open: async function (ticket) {
      send('init', { ticket: { id: ticket, subject: 'Bench' }, channel: 'email', capabilities: { set_draft: true } });
      await until(function () { var id = doc().querySelector('.ta-id'); return id && id.textContent === '#' + ticket; });
    },
    /** Posts a draft; resolves with ms from the post to the frame after its findings are in the DOM
     *  (the coach answers from its worker), and to the frame after the sidebar took the draft in
     *  (the main thread's own share). */
    draft: async function (ticket, text) {
      var want = String(Array.from(text).length);
      var t0 = clock(window);
      send('draft', { ticket_id: ticket, text: text });
      await until(function () { var l = doc().querySelector('.ta-draft-coach'); return l && l.getAttribute('data-draft-chars') === want; });
      var tMain = await nextFrame();
      await until(function () { var l = doc().querySelector('.ta-draft-coach'); return l && l.getAttribute('data-draft-chars') === want && l.getAttribute('data-reviewing') !== 'true'; });
      var t1 = await nextFrame();
      return { ms: t1 - t0, mainMs: tMain - t0, findings: doc().querySelectorAll('.ta-draft-coach .ta-finding').length };
    },
    /** Posts a conversation; resolves with ms from the post to the frame after the curve shows its last reading. */
    conversation: async function (ticket, messages, points) {
      var t0 = clock(window);
      send('conversation', { ticket_id: ticket, messages: messages });
      await until(function () { return doc().querySelectorAll('.ta-temp-curve .ta-temp-pt').length === points && doc().querySelector('.ta-temp-curve figcaption'); });
      var t1 = await nextFrame();
      return { ms: t1 - t0 };
    },
  };
  frame.src = url.href;
})();
`;

/** Writes the host page into dist/. */
export function writeLiveHost(dist = 'dist') {
  writeFileSync(`${dist}/bench-live-host.html`, HOST_HTML);
  writeFileSync(`${dist}/bench-live-host.js`, HOST_JS);
}

/** A 2,000-character draft made of the coach's test drafts (so it has findings), and one a character shorter. */
export function liveTexts() {
  let text = '';
  try {
    const drafts = JSON.parse(readFileSync('tests/data/coach/drafts.json', 'utf8')).map((d) => d.text);
    for (let i = 0; text.length < 2000; i++) text += drafts[i % drafts.length] + ' ';
  } catch {
    while (text.length < 2000) text += "Sorry, but that's our policy. We will look into it soon. ";
  }
  text = text.slice(0, 2000);
  let customers = [];
  try {
    customers = JSON.parse(readFileSync('tests/data/coach/messages.json', 'utf8')).map((m) => m.text).filter(Boolean);
  } catch { /* below */ }
  if (!customers.length) customers = ['I HAVE BEEN WAITING FOR A WEEK!!!', 'Thanks, that helps.'];
  return { draft: text, customers };
}

/** A 200-message thread (customer and agent turns alternating), ids unique per run. */
export function thread(run, customers, n = 200) {
  const base = Date.parse('2026-11-22T08:00:00Z');
  return Array.from({ length: n }, (_, i) => ({
    id: `r${run}-m${i}`,
    from: i % 2 ? 'agent' : 'customer',
    at: new Date(base + i * 60_000).toISOString(),
    text: i % 2 ? 'Thank you for your patience; I will call you back by 4 pm today.' : customers[(i / 2) % customers.length],
  }));
}
