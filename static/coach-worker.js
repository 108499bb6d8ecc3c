// The coach, off the page's main thread: a module worker that loads the
// coach's own wasm (pkg/coach.js + pkg/coach_bg.wasm, built with the cargo
// feature view-coach; no Yew) and answers the sidebar's questions, one JSON
// string in, one JSON string out (src/core/coach_wire.rs). Started by the
// sidebar (src/web/coach_client.rs) the first time it needs the coach.
//
//   in:  { seq, request }            out: { seq, answer } or { seq, error }
//   out, once: { ready: true } when the wasm is up, or { fatal } if it cannot start
import init, { coach } from './pkg/coach.js';

const ready = init({ module_or_path: new URL('./pkg/coach_bg.wasm', import.meta.url) });
ready.then(
  () => postMessage({ ready: true }),
  (err) => postMessage({ fatal: String((err && err.message) || err) }),
);

onmessage = async (e) => {
  const { seq, request } = e.data || {};
  try {
    await ready;
    postMessage({ seq, answer: coach(String(request)) });
  } catch (err) {
    postMessage({ seq, error: String((err && err.message) || err) });
  }
};
