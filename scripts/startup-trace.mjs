// What fills the sidebar's longest start-up task: loads the page N times in
// fresh contexts with a Chromium trace, finds each load's main-thread tasks over
// 50 ms before `turnaround:interactive`, and prints what ran inside them
// (wasm compile and instantiate, script evaluation, wasm/JS calls, style,
// layout, paint) in milliseconds. Issue 17's "start-up without long tasks".
// --over MS lists shorter tasks too (every task of the start-up chain).
// With --after MS it also lists the tasks over 50 ms in the MS after the mark
// (work deferred past the first frame still runs on the host's main thread).
//
//   node scripts/serve.mjs --port 8399 &   # dist/ built by make build
//   node scripts/startup-trace.mjs [--port 8399] [--loads 5] [--after 300] [--over 50] [--path '/index.html?ticket=4711']
import { chromium } from 'playwright-core';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const port = Number(arg('port', 8399));
const loads = Number(arg('loads', 5));
const path = arg('path', '/index.html?ticket=4711');
const after = Number(arg('after', 0));
// The threshold a task is listed over, in ms (50: the long-task line).
const over = Number(arg('over', 50));
const url = `http://localhost:${port}${path}`;
const CATS = ['devtools.timeline', 'v8', 'v8.wasm', 'blink', 'toplevel', 'disabled-by-default-devtools.timeline'].join(',');

/** Trace events of one fresh load, until the app marks itself interactive. */
async function traceOne(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: CATS, transferMode: 'ReportEvents' });
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('turnaround:interactive').length > 0, null, { timeout: 30000 });
  await page.waitForTimeout(100 + after);
  await cdp.send('Tracing.end');
  await done;
  await context.close();
  return events;
}

/** The renderer main thread: the thread that ran the page's `ParseHTML`. */
function mainThread(events) {
  const e = events.find((x) => x.name === 'ParseHTML' || x.name === 'ParseAuthorStyleSheet');
  return e && { pid: e.pid, tid: e.tid };
}

function summarise(events) {
  const m = mainThread(events);
  if (!m) return null;
  const on = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X' && typeof e.dur === 'number');
  const mark = events.find((e) => e.name === 'turnaround:interactive');
  const until = mark ? mark.ts + after * 1000 : Infinity;
  const long = on.filter((e) => (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') && e.dur > over * 1000 && e.ts < until);
  // A task event nests inside another of the same task (the scheduler's and the thread's): keep the outermost.
  const within = (a, b) => a !== b && a.ts >= b.ts && a.ts + a.dur <= b.ts + b.dur;
  const tasks = long.filter((t) => !long.some((o) => within(t, o)));
  return tasks.map((t) => {
    const inside = on.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur);
    const byName = new Map();
    // Counted once per name at its outermost level: a name nested in itself is not added twice.
    for (const e of inside) {
      if (inside.some((o) => o.name === e.name && within(e, o))) continue;
      byName.set(e.name, (byName.get(e.name) || 0) + e.dur);
    }
    const skip = new Set(['ThreadControllerImpl::RunTask', 'RunTask', 'AsyncTask Run', 'TimerBase::run', 'Receive mojo message', 'v8.callFunction']);
    const top = [...byName.entries()].filter(([n]) => !skip.has(n)).sort((a, b) => b[1] - a[1]).slice(0, 8);
    const late = mark && t.ts > mark.ts ? ` (${((t.ts - mark.ts) / 1000).toFixed(0)} ms after interactive)` : '';
    return { ms: t.dur / 1000, late, top: top.map(([n, d]) => `${n} ${(d / 1000).toFixed(1)}`) };
  });
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  for (let i = 0; i < loads; i++) {
    const tasks = summarise(await traceOne(browser));
    const span = after ? `before interactive or in the ${after} ms after it` : 'before interactive';
    console.log(`load ${i + 1}: ${tasks ? tasks.length : '?'} task(s) over ${over} ms ${span}`);
    for (const t of tasks || []) console.log(`  ${t.ms.toFixed(1)} ms${t.late}: ${t.top.join(' · ')}`);
  }
} finally {
  await browser.close();
}
