// The Turnaround benchmark: transfer size, start-up against a static baseline,
// interaction latency, memory, storage at scale and the coach, printed as one
// table (and written into docs/benchmarks.md). Run by scripts/bench.sh after a
// release build; see docs/benchmarks.md for what each row means.
//
//   node bench/run.mjs [--coach-output FILE] [--no-doc]
//
// Environment: BENCH_RUNS (fresh page loads per start-up and storage figure,
// default 15), BENCH_REPS (repetitions per interaction, default 200),
// BENCH_SESSIONS (stored sessions, default 2000), BENCH_MEMORY_RUNS (default 5),
// BENCH_SEARCHES (binder searches per load, default 10), CHROMIUM
// (default /usr/bin/chromium), BENCH_ONLY (a comma-separated subset of
// startup,interaction,memory,storage,coach,live; the docs are then left alone).
//
// Every figure is a median (or a percentile) over repeated runs in this one
// process; the baseline page is loaded in the same run, alternating with the app.

import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { initScript, collectStartup, collectBaseline, staticMarkup } from './page.mjs';
import { seedStore, writeSeed, SESSION_PREFIX, INDEX_KEY } from './seed.mjs';
import { measureSizes } from './sizes.mjs';
import { readCoach, coachTarget } from './coach.mjs';
import { renderTable, updateDoc } from './report.mjs';
import { writeLiveHost, liveTexts, thread } from './live.mjs';

const argv = process.argv.slice(2);
const arg = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
const env = (name, d) => (process.env[name] ? Number(process.env[name]) : d);
const opts = {
  runs: env('BENCH_RUNS', 15),
  reps: env('BENCH_REPS', 200),
  warm: 10,
  sessions: env('BENCH_SESSIONS', 2000),
  memoryRuns: env('BENCH_MEMORY_RUNS', 5),
  searches: env('BENCH_SEARCHES', 10),
  scaleReps: 20,
  doc: !argv.includes('--no-doc'),
  coachOutput: arg('--coach-output'),
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
  // A subset of suites, for a quick look: BENCH_ONLY=startup,storage (the table then has those rows only).
  only: process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : null,
};
const want = (suite) => !opts.only || opts.only.includes(suite);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--enable-precise-memory-info'];
const VIEWPORT = { width: 420, height: 900 };
const PAGE_TIMEOUT = 60_000;

const log = (...a) => process.stderr.write(`bench: ${a.join(' ')}\n`);

// ---- statistics ----------------------------------------------------------
export const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Nearest-rank percentile. */
export const pct = (xs, p) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([promise, new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`${what}: no answer within ${ms} ms`)), ms); })]).finally(() => clearTimeout(t));
}

// ---- server --------------------------------------------------------------
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Starts scripts/serve.mjs on dist/ (with the product's CSP); resolves once it says it listens. */
async function startServer() {
  const port = await freePort();
  const child = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(port), '--host', '127.0.0.1', '--dir', 'dist'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await withTimeout(new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; if (out.includes('http://')) resolve(); });
    child.once('exit', (code) => reject(new Error(`scripts/serve.mjs exited (${code})`)));
  }), 15_000, 'starting scripts/serve.mjs');
  child.stdout.resume();
  return { origin: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

// ---- page helpers --------------------------------------------------------
async function newPage(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(initScript);
  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

/** A fresh browser context (empty cache and storage), optionally seeded, then one load of `url`. */
async function freshLoad(browser, origin, url, { seed, collect = collectStartup, keep = false } = {}) {
  const { context, page, errors } = await newPage(browser);
  try {
    if (seed) {
      await page.goto(`${origin}/bench-baseline.html`);
      const { n, error } = await page.evaluate(writeSeed, seed);
      if (error) throw new Error(`seeding localStorage stopped after ${n} of ${seed.length} records: ${error}`);
    }
    await page.goto(`${origin}/${url}`, { waitUntil: 'commit' });
    const result = await withTimeout(page.evaluate(collect), PAGE_TIMEOUT, `loading ${url}${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}`);
    if (keep) return { result, context, page, errors };
    return result;
  } finally {
    if (!keep) await context.close();
  }
}

async function heap(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  const wasm = await page.evaluate(() => (window.__bench.memory ? window.__bench.memory.buffer.byteLength : null));
  return { js: usedSize, wasm };
}

// ---- in-page routines (serialised into the page: self-contained) ----------
async function interactionsInPage({ reps, warm, key, only }) {
  const b = window.__bench;
  const out = {};
  const run = async (name, act) => {
    if (only && !only.includes(name)) return;
    const work = [], frame = [];
    for (let i = 0; i < warm + reps; i++) {
      const [w, f] = await b.time(() => act(i), key);
      if (i >= warm) { work.push(w); frame.push(f); }
    }
    out[name] = { work, frame };
  };
  const before = b.longtasks.length;
  await run('check', (i) => {
    const boxes = document.querySelectorAll('input[type="checkbox"][id^="ta-check-"]');
    boxes[i % boxes.length].click();
  });
  await run('note', () => {
    const t = document.querySelector('textarea.ta-note');
    t.value += 'a';
    t.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'a' }));
  });
  await run('switch', (i) => {
    const sel = document.querySelector('select[aria-label="Playbook"]');
    const ids = [...sel.options].map((o) => o.value);
    const next = ids[(ids.indexOf(sel.value) + 1) % ids.length];
    sel.value = next;
    sel.dispatchEvent(new Event('input', { bubbles: true }));
    sel.dispatchEvent(new Event('change', { bubbles: true }));
  });
  if (b.longtaskObserver) for (const e of b.longtaskObserver.takeRecords()) b.longtasks.push({ start: e.startTime, duration: e.duration });
  out.longest = b.longtasks.slice(before).reduce((m, t) => Math.max(m, t.duration), 0);
  out.longCount = b.longtasks.length - before;
  return out;
}

/** A whole session: every step visited, a note typed into each (a key at a time), every step checked. */
async function fullSessionInPage({ key, text }) {
  const b = window.__bench;
  const rows = () => document.querySelectorAll('.ta-row-go');
  const n = rows().length;
  let events = 0;
  for (let i = 0; i < n; i++) {
    const go = rows()[i];
    if (!go.closest('li').hasAttribute('aria-current')) { await b.time(() => go.click(), key); events++; }
    for (const ch of text) {
      await b.time(() => {
        const t = document.querySelector('textarea.ta-note');
        t.value += ch;
        t.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: ch }));
      }, key);
      events++;
    }
    const box = document.querySelectorAll('input[type="checkbox"][id^="ta-check-"]')[i];
    if (!box.checked) { await b.time(() => box.click(), key); events++; }
  }
  const done = document.querySelector('[role="status"]')?.textContent || '';
  return { steps: n, events, status: done };
}

/** The binder: type a word (one input event), time until its results are rendered and laid out. */
async function binderInPage({ queries }) {
  const b = window.__bench;
  const input = document.querySelector('details.ta-binder input[type="search"]') || document.querySelector('input[type="search"]');
  if (!input) return null;
  const details = input.closest('details');
  if (details && !details.open) {
    const toggled = new Promise((r) => details.addEventListener('toggle', r, { once: true }));
    details.open = true;
    await toggled;
    await b.afterFrame();
  }
  const panel = details || document.body;
  const work = [], frame = [], found = [];
  for (const q of queries) {
    const [w, f] = await b.time(() => {
      input.value = q;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: q }));
    }, null);
    work.push(w);
    frame.push(f);
    found.push(panel.querySelectorAll('li').length);
  }
  const summary = panel.querySelector('[aria-live]')?.textContent || '';
  return { work, frame, found, summary };
}

/** The coach in the sidebar, when there is a draft box: a 5,000-character draft set in one input event. */
async function coachInPage({ text, reps, key }) {
  const b = window.__bench;
  const box = document.querySelector('textarea.ta-draft, #ta-draft, textarea[data-coach], [data-draft] textarea, textarea[aria-label*="draft" i], textarea[aria-label*="reply" i]');
  if (!box) return null;
  const work = [], frame = [];
  for (let i = 0; i < reps; i++) {
    const draft = i % 2 ? text : text.slice(1) + text[0];
    const [w, f] = await b.time(() => {
      box.value = draft;
      box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    }, key);
    work.push(w);
    frame.push(f);
  }
  return { work, frame, chars: text.length, selector: box.className || box.id };
}

// ---- the suites ----------------------------------------------------------
async function makeBaseline(browser, origin) {
  const { context, page } = await freshLoad(browser, origin, 'index.html?ticket=bench-start&playbook=turnaround', { keep: true });
  const html = await page.evaluate(staticMarkup);
  await context.close();
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/baseline.html', html);
  writeFileSync('dist/bench-baseline.html', html);
  return html.length;
}

async function startup(browser, origin) {
  const app = [], base = [];
  for (let i = 0; i < opts.runs; i++) {
    app.push(await freshLoad(browser, origin, 'index.html?ticket=bench-start&playbook=turnaround'));
    base.push(await freshLoad(browser, origin, 'bench-baseline.html', { collect: collectBaseline }));
  }
  // The trainer page's own bundle: what it fetches at start-up (its picker marks interactive).
  const trainer = [];
  for (let i = 0; i < Math.min(3, opts.runs); i++) trainer.push(await freshLoad(browser, origin, 'index.html?view=trainer'));
  return {
    raw: { app, base, trainer },
    fetched: app[0].fetched,
    trainerFetched: trainer[0]?.fetched,
    trainerInteractive: median(trainer.map((r) => r.interactive)),
    interactive: median(app.map((r) => r.interactive)),
    interactiveP90: pct(app.map((r) => r.interactive), 90),
    instantiated: median(app.map((r) => r.instantiated)),
    painted: median(app.map((r) => r.painted)),
    own: median(app.map((r) => r.interactive - r.instantiated)),
    appFcp: median(app.map((r) => r.fcp)),
    appDcl: median(app.map((r) => r.dcl)),
    baseFcp: median(base.map((r) => r.fcp)),
    baseDcl: median(base.map((r) => r.dcl)),
    baseFrame: median(base.map((r) => r.frame)),
    longest: median(app.map((r) => r.longest)),
    longestMax: Math.max(...app.map((r) => r.longest)),
    loadsWithLong: app.filter((r) => r.longest > 50).length,
    baseLongest: Math.max(...base.map((r) => r.longest)),
    longtaskError: app[0].longtaskError,
    runs: opts.runs,
  };
}

async function interactions(browser, origin) {
  const ticket = 'bench-interaction';
  const { context, page } = await freshLoad(browser, origin, `index.html?ticket=${ticket}&playbook=turnaround`, { keep: true });
  try {
    const r = await page.evaluate(interactionsInPage, { reps: opts.reps, warm: opts.warm, key: SESSION_PREFIX + ticket });
    const sum = (x) => ({ p50: median(x.work), p95: pct(x.work, 95), frameP50: median(x.frame), frameP95: pct(x.frame, 95), n: x.work.length });
    return { check: sum(r.check), note: sum(r.note), switch: sum(r.switch), longest: r.longest, longCount: r.longCount, reps: opts.reps, warm: opts.warm };
  } finally {
    await context.close();
  }
}

async function memory(browser, origin) {
  const afterLoad = [], afterSession = [], base = [];
  let session;
  const text = 'Customer said the engineer never came; agreed a call at 4.';
  for (let i = 0; i < opts.memoryRuns; i++) {
    const ticket = `bench-memory-${i}`;
    const { context, page } = await freshLoad(browser, origin, `index.html?ticket=${ticket}&playbook=turnaround`, { keep: true });
    try {
      afterLoad.push(await heap(page));
      session = await page.evaluate(fullSessionInPage, { key: SESSION_PREFIX + ticket, text });
      await page.evaluate(() => window.__bench.afterFrame());
      afterSession.push(await heap(page));
    } finally {
      await context.close();
    }
    const b = await freshLoad(browser, origin, 'bench-baseline.html', { collect: collectBaseline, keep: true });
    base.push(await heap(b.page));
    await b.context.close();
  }
  const m = (list) => ({ js: median(list.map((x) => x.js)), wasm: median(list.map((x) => x.wasm)), total: median(list.map((x) => x.js + (x.wasm || 0))) });
  return { afterLoad: m(afterLoad), afterSession: m(afterSession), baseline: m(base), session, noteChars: text.length, runs: opts.memoryRuns };
}

async function storage(browser, origin, seedData) {
  const { entries, sample, tickets } = seedData;
  const one = entries.filter(([k]) => k === SESSION_PREFIX + sample);
  const index = JSON.parse(entries.at(-1)[1]);
  const small = [...one, [INDEX_KEY, JSON.stringify({ schema: 1, entries: index.entries.filter((e) => e.ticket_id === sample) })]];
  const words = seedData.products.flatMap((p) => p.split(' ')).filter((w, i, a) => w.length > 3 && a.indexOf(w) === i);
  const storedBig = [], storedSmall = [], newBig = [], newEmpty = [];
  const search = { work: [], frame: [], found: [], summary: '' };
  const typing = { work: [], frame: [] };
  let binder = 'ok';
  let quota = null;
  for (let i = 0; i < opts.runs; i++) {
    // A stored ticket, 2,000 sessions in the store; then the binder and a note.
    const big = await freshLoad(browser, origin, `index.html?ticket=${sample}`, { seed: entries, keep: true });
    try {
      storedBig.push(big.result);
      if (big.errors.length) quota = big.errors.join('; ');
      const queries = Array.from({ length: opts.searches }, (_, k) => words[(i * opts.searches + k) % words.length]);
      const s = await big.page.evaluate(binderInPage, { queries });
      if (!s) binder = 'no binder search input in the sidebar';
      else {
        search.work.push(...s.work); search.frame.push(...s.frame); search.found.push(...s.found); search.summary = s.summary;
      }
      const t = await big.page.evaluate(interactionsInPage, { reps: opts.scaleReps, warm: 2, key: SESSION_PREFIX + sample, only: ['note'] });
      typing.work.push(...t.note.work); typing.frame.push(...t.note.frame);
    } finally {
      await big.context.close();
    }
    storedSmall.push(await freshLoad(browser, origin, `index.html?ticket=${sample}`, { seed: small }));
    newBig.push(await freshLoad(browser, origin, `index.html?ticket=bench-new-${i}&playbook=turnaround`, { seed: entries }));
    newEmpty.push(await freshLoad(browser, origin, `index.html?ticket=bench-new-${i}&playbook=turnaround`, { seed: [] }));
  }
  // The app's own start (wasm instance ready → interactive) holds all of the storage work and
  // none of the network and compile time, which the machine's noise dominates.
  const own = (r) => r.interactive - r.instantiated;
  const paired = (a, b) => median(a.map((x, k) => own(x) - own(b[k])));
  const summary = (list) => ({ load: median(list.map((r) => r.interactive)), own: median(list.map(own)) });
  return {
    sessions: tickets.length,
    units: seedData.units,
    indexChars: seedData.indexChars,
    raw: { storedBig, storedSmall, newBig, newEmpty },
    storedBig: summary(storedBig), storedSmall: summary(storedSmall), storedExtra: paired(storedBig, storedSmall),
    newBig: summary(newBig), newEmpty: summary(newEmpty), newExtra: paired(newBig, newEmpty),
    search: search.work.length ? { p50: median(search.work), p95: pct(search.work, 95), frameP95: pct(search.frame, 95), n: search.work.length, minFound: Math.min(...search.found), summary: search.summary } : null,
    binder,
    typing: { p50: median(typing.work), p95: pct(typing.work, 95), frameP95: pct(typing.frame, 95), n: typing.work.length },
    quota,
    runs: opts.runs,
  };
}

async function coachBrowser(browser, origin) {
  let text = '';
  try {
    const drafts = JSON.parse(readFileSync('tests/data/coach/drafts.json', 'utf8')).map((d) => d.text);
    for (let i = 0; text.length < 5000; i++) text += drafts[i % drafts.length] + ' ';
  } catch {
    while (text.length < 5000) text += 'I am sorry this happened. I will call you back by 4pm today with a fix. ';
  }
  text = text.slice(0, 5000);
  const { context, page } = await freshLoad(browser, origin, 'index.html?ticket=bench-coach&playbook=turnaround', { keep: true });
  try {
    const r = await page.evaluate(coachInPage, { text, reps: 30, key: SESSION_PREFIX + 'bench-coach' });
    if (!r) return null;
    return { p50: median(r.work), p95: pct(r.work, 95), usPerK: (median(r.work) * 1000) / (r.chars / 1000), chars: r.chars, selector: r.selector, n: r.work.length };
  } finally {
    await context.close();
  }
}

/** The live coach (protocol revision 2): a streamed draft and a streamed thread, each to its rendering. */
async function liveCoach(browser, origin) {
  writeLiveHost('dist');
  const { draft, customers } = liveTexts();
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${origin}/bench-live-host.html`);
    await page.evaluate(() => window.bench.ready());
    await page.evaluate((t) => window.bench.open(t), 'bench-live');
    const drafts = [];
    const mains = [];
    let findings = 0;
    for (let i = 0; i < opts.warm + 60; i++) {
      // Alternate two texts (2,000 and 1,999 characters) so every draft differs.
      const r = await page.evaluate(([t, text]) => window.bench.draft(t, text), ['bench-live', i % 2 ? draft.slice(0, -1) : draft]);
      if (i >= opts.warm) { drafts.push(r.ms); mains.push(r.mainMs); findings = r.findings; }
    }
    const threads = [];
    for (let run = 0; run < 10; run++) {
      const ticket = `bench-thread-${run}`;
      await page.evaluate((t) => window.bench.open(t), ticket);
      const msgs = thread(run, customers);
      // 100 customer messages, 100 readings: the curve shows its newest 60 points.
      const r = await page.evaluate(([t, m, p]) => window.bench.conversation(t, m, p), [ticket, msgs, 60]);
      threads.push(r.ms);
    }
    return {
      draft: { p50: median(drafts), p95: pct(drafts, 95), n: drafts.length, chars: draft.length, findings, mainP50: median(mains), mainP95: pct(mains, 95) },
      thread: { p50: median(threads), p95: pct(threads, 95), max: Math.max(...threads), n: threads.length, messages: 200 },
    };
  } finally {
    await context.close();
  }
}

// ---- main ----------------------------------------------------------------
async function main() {
  const started = new Date();
  const sizes = measureSizes('dist', 'static');
  log(`sizes measured; wasm ${sizes.wasm.raw} B`);
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: opts.chromium, args: ARGS });
  const results = { sizes, opts: { ...opts }, started: started.toISOString() };
  try {
    results.browser = browser.version();
    // One load to warm the OS file cache and to render the baseline markup.
    results.baselineChars = await makeBaseline(browser, origin(server));
    log(`baseline page written (${results.baselineChars} characters)`);
    if (want('startup')) {
      log(`start-up: ${opts.runs} app + ${opts.runs} baseline loads, alternating`);
      results.startup = await startup(browser, origin(server));
    }
    if (want('interaction')) {
      log(`interactions: ${opts.reps} x 3`);
      results.interaction = await interactions(browser, origin(server));
    }
    if (want('memory')) {
      log(`memory: ${opts.memoryRuns} runs`);
      results.memory = await memory(browser, origin(server));
    }
    if (want('storage')) {
      log(`storage: ${opts.sessions} sessions seeded, ${opts.runs} x 4 loads`);
      results.storage = await storage(browser, origin(server), seedStore(opts.sessions));
    }
    if (want('coach')) {
      log('coach in the browser');
      results.coachBrowser = await coachBrowser(browser, origin(server));
    }
    if (want('live')) {
      log('live coach: a streamed draft and a streamed thread');
      results.live = await liveCoach(browser, origin(server));
    }
  } finally {
    await browser.close();
    server.stop();
  }
  results.coach = readCoach(opts.coachOutput);
  results.coachTarget = coachTarget();
  results.machine = { cpus: cpus().length, load: loadavg()[0], model: cpus()[0]?.model };
  results.git = gitInfo();
  results.seconds = (Date.now() - started.getTime()) / 1000;
  mkdirSync('target/bench', { recursive: true });
  writeFileSync('target/bench/results.json', JSON.stringify(results, null, 2));
  const table = renderTable(results);
  process.stdout.write(table + '\n');
  if (opts.doc && !opts.only) {
    updateDoc('docs/benchmarks.md', table, results);
    log('docs/benchmarks.md updated (the previous table moved under "Previous runs")');
  }
}

function origin(server) {
  return server.origin;
}

function gitInfo() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return `${commit}${dirty ? ' + uncommitted changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

main().catch((e) => {
  process.stderr.write(`bench: failed: ${e.stack || e}\n`);
  process.exit(1);
});
