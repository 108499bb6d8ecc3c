// Starts the Turnaround wasm app. A separate file (not an inline script) so the
// page runs under a CSP without 'unsafe-inline'.
//
// One bundle per view: the trainer (?view=trainer) has its own wasm, and the
// sidebar's (embedded ?host=…, or standalone) never carries it. The wasm fetch
// starts here at once, beside the JS glue's import, and is compiled as it
// streams in (instantiateStreaming).
//
// One stylesheet per page too: index.html links base.css (the themes, the
// resets, the loading line), and the page's own rules (trainer.css or
// sidebar.css, cut from static/app.css by scripts/page-css.mjs) are added here
// after it. The app starts once they are in (or failed), so its first frame is
// drawn styled.
const bundle = new URLSearchParams(location.search).get('view') === 'trainer' ? 'trainer' : 'turnaround';
const wasm = fetch(new URL(`./pkg/${bundle}_bg.wasm`, import.meta.url));
const glue = bundle === 'trainer' ? import('./pkg/trainer.js') : import('./pkg/turnaround.js');
const sheet = document.createElement('link');
sheet.rel = 'stylesheet';
sheet.href = new URL(bundle === 'trainer' ? './trainer.css' : './sidebar.css', import.meta.url).href;
const styled = new Promise((done) => { sheet.onload = sheet.onerror = done; });
document.head.append(sheet);

Promise.all([glue, styled]).then(([m]) => m.default({ module_or_path: wasm })).catch((err) => {
  const root = document.getElementById('turnaround') || document.body;
  const p = document.createElement('p');
  p.className = 'ta-fatal';
  p.setAttribute('role', 'alert');
  p.textContent = 'Turnaround could not start in this browser (' + (err && err.message ? err.message : String(err)) + '). Your saved work is untouched.';
  root.replaceChildren(p);
});

// Drawn by plain JS because after a panic the wasm instance is gone. The work
// saved before the failure stays in storage; a reload picks it up.
window.__turnaroundFatal = function (diagnostic) {
  if (document.getElementById('ta-fatal')) return;
  const box = document.createElement('div');
  box.id = 'ta-fatal';
  box.className = 'ta-fatal-box';
  box.setAttribute('role', 'alert');
  const h = document.createElement('p');
  h.className = 'ta-fatal-title';
  h.textContent = 'Turnaround hit an internal error and stopped.';
  const p = document.createElement('p');
  p.textContent = 'Everything up to your last change is saved. Reload to continue; if it happens again, copy the diagnostic and send it to your admin.';
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.className = 'ta-btn';
  copy.textContent = 'Copy diagnostic';
  copy.addEventListener('click', () => {
    const done = () => { copy.textContent = 'Copied'; };
    if (navigator.clipboard) navigator.clipboard.writeText(diagnostic).then(done, () => { pre.hidden = false; });
    else pre.hidden = false;
  });
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.className = 'ta-btn ta-btn-primary';
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => location.reload());
  const pre = document.createElement('pre');
  pre.hidden = true;
  pre.textContent = diagnostic;
  box.append(h, p, copy, reload, pre);
  document.body.prepend(box);
  reload.focus();
};
