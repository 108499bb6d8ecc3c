// What the benchmark injects into pages (Playwright init scripts, run before
// any page script) and the in-page harness that times one interaction.
//
// Nothing here asserts: it records numbers for bench/run.mjs to summarise.

/**
 * Installed in every benchmarked page before its own scripts run:
 * - a buffered PerformanceObserver for 'longtask' entries;
 * - a promise for the app's `turnaround:interactive` mark;
 * - a wrapper over WebAssembly.instantiate/instantiateStreaming that keeps
 *   the instance's exported memory (to read its size);
 * - a wrapper over Storage#setItem that resolves waiters for a key (how the
 *   harness knows the state is saved).
 */
export function initScript() {
  const w = window;
  w.__bench = { longtasks: [], memory: null, waiters: new Map() };
  try {
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__bench.longtasks.push({ start: e.startTime, duration: e.duration });
    });
    obs.observe({ type: 'longtask', buffered: true });
    w.__bench.longtaskObserver = obs;
  } catch (e) {
    w.__bench.longtaskError = String(e);
  }
  w.__bench.interactive = new Promise((resolve) => {
    const hit = (list) => {
      const m = list.getEntries().find((e) => e.name === 'turnaround:interactive');
      if (m) resolve(m.startTime);
    };
    new PerformanceObserver(hit).observe({ type: 'mark', buffered: true });
  });
  // The frame that paints the sidebar: the first animation frame after the app's mark.
  const mark = Performance.prototype.mark;
  w.__bench.painted = new Promise((resolve) => {
    Performance.prototype.mark = function (name, ...rest) {
      const out = mark.call(this, name, ...rest);
      if (name === 'turnaround:interactive') requestAnimationFrame(() => resolve(performance.now()));
      return out;
    };
  });
  // The first frame after the markup is parsed (its rAF runs once render-blocking CSS is in):
  // the static baseline's counterpart of `painted`.
  w.__bench.firstFrame = new Promise((resolve) => {
    document.addEventListener('DOMContentLoaded', () => requestAnimationFrame(() => resolve(performance.now())), { once: true });
  });
  const keep = (result) => {
    const instance = result && result.instance ? result.instance : result;
    const mem = instance && instance.exports && instance.exports.memory;
    if (mem instanceof WebAssembly.Memory) {
      w.__bench.memory = mem;
      w.__bench.instantiated = performance.now();
    }
    return result;
  };
  const inst = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...args) { return inst.apply(this, args).then(keep); };
  const stream = WebAssembly.instantiateStreaming;
  if (stream) WebAssembly.instantiateStreaming = function (...args) { return stream.apply(this, args).then(keep); };
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const out = setItem.call(this, key, value);
    const list = w.__bench.waiters.get(key);
    if (list) {
      w.__bench.waiters.delete(key);
      for (const resolve of list) resolve(performance.now());
    }
    return out;
  };
  /** Resolves (with the time) at the next write of `key` to storage. */
  w.__bench.nextWrite = (key) => new Promise((resolve) => {
    const list = w.__bench.waiters.get(key) || [];
    list.push(resolve);
    w.__bench.waiters.set(key, list);
  });
  w.__bench.frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
  /** A task after the next frame has been produced (rAF, then a message). */
  w.__bench.afterFrame = () => new Promise((r) => requestAnimationFrame(() => {
    const c = new MessageChannel();
    c.port1.onmessage = () => r(performance.now());
    c.port2.postMessage(0);
  }));
  /** Lets queued microtasks (Yew's scheduler, wasm-bindgen futures) run. */
  w.__bench.microtasks = async () => { for (let i = 0; i < 4; i++) await new Promise((r) => queueMicrotask(r)); };
  /**
   * Times one interaction: `act()` dispatches the input event. When `key` is
   * given, waits for that storage record to be written (the state is saved).
   * Returns [work, frame] in ms from just before the event:
   *   work  = the event's handlers, Yew's render, the save, then a forced
   *           style + layout of the page (what the next frame needs);
   *   frame = the next requestAnimationFrame after that (includes waiting for
   *           the 60 Hz vsync of headless Chromium).
   */
  w.__bench.time = async (act, key, timeoutMs = 5000) => {
    let timer;
    const saved = key ? Promise.race([
      w.__bench.nextWrite(key),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no write of ${key} within ${timeoutMs} ms`)), timeoutMs); }),
    ]) : null;
    const t0 = performance.now();
    act();
    if (saved) await saved;
    clearTimeout(timer);
    await w.__bench.microtasks();
    document.documentElement.getBoundingClientRect();
    const t1 = performance.now();
    const t2 = await w.__bench.frame();
    await w.__bench.afterFrame();
    return [t1 - t0, t2 - t0];
  };
}

/** In page: waits for interactive, lets the frame after it be produced, and reports start-up figures. */
export async function collectStartup() {
  const b = window.__bench;
  const interactive = await b.interactive;
  const painted = await b.painted;
  await b.afterFrame();
  if (b.longtaskObserver) for (const e of b.longtaskObserver.takeRecords()) b.longtasks.push({ start: e.startTime, duration: e.duration });
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  // What the browser fetched up to now: bodies as transferred (compressed), per file.
  const files = [nav, ...performance.getEntriesByType('resource')].filter(Boolean)
    .map((e) => ({ url: new URL(e.name).pathname, bytes: e.encodedBodySize || 0, decoded: e.decodedBodySize || 0 }));
  const fetched = { bytes: files.reduce((n, f) => n + f.bytes, 0), decoded: files.reduce((n, f) => n + f.decoded, 0), files };
  return {
    interactive,
    // The wasm instance is ready: what comes after it is the app's own start (Yew's first render, storage).
    instantiated: b.instantiated ?? null,
    painted,
    dcl: nav ? nav.domContentLoadedEventEnd : null,
    fcp: fcp ? fcp.startTime : null,
    longest: b.longtasks.reduce((m, t) => Math.max(m, t.duration), 0),
    longtasks: b.longtasks.length,
    longtaskError: b.longtaskError || null,
    fetched,
  };
}

/** In page (the static baseline): the same figures without the app's mark. */
export async function collectBaseline() {
  const b = window.__bench;
  if (document.readyState === 'loading') await new Promise((r) => document.addEventListener('DOMContentLoaded', r, { once: true }));
  // First paint: wait for the paint entry itself (an event, not a sleep).
  const fcp = await new Promise((resolve) => {
    const have = performance.getEntriesByName('first-contentful-paint')[0];
    if (have) return resolve(have.startTime);
    new PerformanceObserver((list, obs) => {
      const e = list.getEntries().find((x) => x.name === 'first-contentful-paint');
      if (e) { obs.disconnect(); resolve(e.startTime); }
    }).observe({ type: 'paint', buffered: true });
  });
  const frame = await b.firstFrame;
  await b.afterFrame();
  if (b.longtaskObserver) for (const e of b.longtaskObserver.takeRecords()) b.longtasks.push({ start: e.startTime, duration: e.duration });
  const nav = performance.getEntriesByType('navigation')[0];
  return { dcl: nav.domContentLoadedEventEnd, fcp, frame, longest: b.longtasks.reduce((m, t) => Math.max(m, t.duration), 0) };
}

/** In page: the rendered sidebar as a static page (no scripts, no preloads of them). */
export function staticMarkup() {
  const doc = document.documentElement.cloneNode(true);
  for (const el of doc.querySelectorAll('script, link[rel="modulepreload"], link[rel="preload"], noscript')) el.remove();
  // Form state lives in properties; carry it over as attributes.
  const live = document.querySelectorAll('input, textarea, select option');
  const copies = doc.querySelectorAll('input, textarea, select option');
  live.forEach((el, i) => {
    const c = copies[i];
    if (!c) return;
    if (el.type === 'checkbox' || el.type === 'radio') { if (el.checked) c.setAttribute('checked', ''); else c.removeAttribute('checked'); }
    if (el.tagName === 'OPTION') { if (el.selected) c.setAttribute('selected', ''); else c.removeAttribute('selected'); }
    if (el.tagName === 'TEXTAREA') c.textContent = el.value;
  });
  return '<!doctype html>\n' + doc.outerHTML + '\n';
}
