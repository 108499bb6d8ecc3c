// Starts the Turnaround wasm app. A separate file (not an inline script) so the
// page runs under a CSP without 'unsafe-inline'.
import init from './pkg/turnaround.js';

init().catch((err) => {
  const root = document.getElementById('turnaround') || document.body;
  const p = document.createElement('p');
  p.className = 'ta-fatal';
  p.setAttribute('role', 'alert');
  p.textContent = 'Turnaround could not start in this browser (' + (err && err.message ? err.message : String(err)) + '). Your saved work is untouched.';
  root.replaceChildren(p);
});
