// The coach, off the page's main thread: a module worker that loads the
// coach's own wasm (pkg/coach.js + pkg/coach_bg.wasm, built with the cargo
// feature view-coach; no Yew) and answers the sidebar's questions, one JSON
// string in, one JSON string out (src/core/coach_wire.rs). Started by the
// sidebar (src/web/coach_client.rs) the first time it needs the coach.
//
// A question in Spanish or German ("lang": "es") needs that language's data,
// which the wasm does not carry (English first use stays as small as it was):
// the first such question fetches coach/<lang>/cues.txt and model.bin, once.
//
//   in:  { seq, request }            out: { seq, answer } or { seq, error }
//   out, once: { ready: true } when the wasm is up, or { fatal } if it cannot start
import init, { coach, coach_missing, coach_load } from './pkg/coach.js';

const ready = init({ module_or_path: new URL('./pkg/coach_bg.wasm', import.meta.url) });
ready.then(
  () => postMessage({ ready: true }),
  (err) => postMessage({ fatal: String((err && err.message) || err) }),
);

const loading = new Map();

async function get(path) {
  const res = await fetch(new URL(path, import.meta.url));
  if (!res.ok) throw new Error(`the coach could not fetch ${path} (HTTP ${res.status})`);
  return res;
}

function language(tag) {
  if (!loading.has(tag)) {
    const cues = get(`./coach/${tag}/cues.txt`).then((r) => r.text());
    const model = get(`./coach/${tag}/model.bin`).then((r) => r.arrayBuffer());
    const done = Promise.all([cues, model]).then(([c, m]) => coach_load(tag, c, new Uint8Array(m)));
    done.catch(() => loading.delete(tag));
    loading.set(tag, done);
  }
  return loading.get(tag);
}

onmessage = async (e) => {
  const { seq, request } = e.data || {};
  try {
    await ready;
    const need = coach_missing(String(request));
    await Promise.all(need.split(',').filter(Boolean).map(language));
    postMessage({ seq, answer: coach(String(request)) });
  } catch (err) {
    postMessage({ seq, error: String((err && err.message) || err) });
  }
};
