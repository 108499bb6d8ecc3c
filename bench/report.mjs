// The benchmark's one table (Markdown, readable in a terminal too) and its
// place in docs/benchmarks.md: the newest table between markers, earlier ones
// kept under "Previous runs".

import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const KB = 1000;
const MB = 1000 * 1000;
const n0 = (x) => Math.round(x).toLocaleString('en-US');
const kb = (b) => `${(b / KB).toFixed(1)} KB`;
const mb = (b) => `${(b / MB).toFixed(2)} MB`;
const ms = (x, d = 1) => (x === null || x === undefined ? 'n/a' : `${x.toFixed(d)} ms`);
const met = (ok) => (ok === null ? '—' : ok ? 'met' : '**not met**');

export function renderTable(r) {
  const rows = [];
  const row = (area, what, result, target = '—', status = '—') => rows.push(`| ${area} | ${what} | ${result} | ${target} | ${status} |`);
  const s = r.sizes;
  const sz = (f) => `${n0(f.raw)} B raw · ${n0(f.gzip)} B gzip · ${n0(f.br)} B brotli`;
  row('size', 'sidebar wasm `pkg/turnaround_bg.wasm`', `${sz(s.wasm)} (code ${kb(s.sections.code)}, data ${kb(s.sections.data)} raw)`);
  row('size', 'JS glue `pkg/turnaround.js` + `boot.js`', `${n0(s.glue.raw + (s.boot?.raw || 0))} B raw · ${n0(s.glue.gzip + (s.boot?.gzip || 0))} B gzip · ${n0(s.glue.br + (s.boot?.br || 0))} B brotli`);
  row('size', 'CSS `base.css` + `sidebar.css`', sz(s.css));
  row('size', 'HTML `index.html`', sz(s.html));
  const d = s.data;
  const inWasm = Object.entries(d.kinds).filter(([, b]) => b > 0).map(([k, b]) => `${k} ${kb(b)}`).join(', ');
  const absent = [...new Set(d.missing.map((p) => p.split('/')[0]))];
  row('size', `built-in data compiled into the wasm (${d.files.length} JSON files: ${inWasm || 'none'}; part of the wasm row${absent.length ? `; ${absent.join(', ')}: not in this wasm (unused code, removed by the linker)` : ''})`,
    `${n0(d.raw)} B raw · ${n0(d.gzip)} B gzip on their own`);
  row('size', '**total the sidebar transfers** (wasm + JS + CSS + HTML)', `${n0(s.total.raw)} B raw · **${kb(s.total.gzip)} gzip** · ${kb(s.total.br)} brotli`, '≤ 150 KB gzip (goal 120)', met(s.total.gzip <= 150 * KB) + (s.total.gzip > 120 * KB ? ` (${(s.total.gzip / (120 * KB)).toFixed(2)}× the goal)` : ''));
  if (s.trainer) {
    row('size', 'trainer wasm `pkg/trainer_bg.wasm` (its own bundle, `index.html?view=trainer`)', sz(s.trainer.wasm));
    row('size', '**total the trainer page transfers** (its wasm + JS + the same CSS and HTML)', `${n0(s.trainer.total.raw)} B raw · **${kb(s.trainer.total.gzip)} gzip** · ${kb(s.trainer.total.br)} brotli`, '≤ 300 KB gzip', met(s.trainer.total.gzip <= 300 * KB));
  }
  row('size', `dist/ JSON copies (${s.copies.files} files; served for hosts and tools, never loaded by the sidebar)`, `${n0(s.copies.raw)} B raw · ${n0(s.copies.gzip)} B gzip`);

  const st = r.startup;
  if (st) {
  const fetchedRow = (what, f) => f && row('size', what, `**${kb(f.bytes)}** in ${f.files.length} responses (${kb(f.decoded)} decoded; ${f.files.map((x) => `${x.url.replace(/^.*\//, '')} ${kb(x.bytes)}`).join(', ')})`);
  fetchedRow('what the browser fetched for the sidebar to interactive (resource timing, bodies as sent: the server sends the `.br`/`.gz` the client accepts)', st.fetched);
  fetchedRow(`what the browser fetched for the trainer page to interactive (interactive at ${ms(st.trainerInteractive, 0)})`, st.trainerFetched);
  row('start-up', `navigation → \`turnaround:interactive\` (median of ${st.runs} fresh loads, each in a new browser context; p90 ${ms(st.interactiveP90, 0)})`,
    `**${ms(st.interactive)}** (wasm instance ready at ${ms(st.instantiated, 0)}, then the app's own start ${ms(st.own, 0)}; the frame that paints it at ${ms(st.painted, 0)})`);
  row('start-up', `static baseline page, the same markup and CSS without scripts (median of ${st.runs}, alternating with the app)`,
    `DOMContentLoaded ${ms(st.baseDcl)} · **first frame ${ms(st.baseFrame)}** (its rAF, CSS in) · first-contentful-paint entry ${ms(st.baseFcp)}`);
  const ratio = st.interactive / st.baseFrame;
  row('start-up', 'ratio: app interactive ÷ baseline first frame', `**${ratio.toFixed(2)}×** (app's painting frame ÷ baseline first frame ${(st.painted / st.baseFrame).toFixed(2)}×; interactive ÷ baseline DOMContentLoaded ${(st.interactive / st.baseDcl).toFixed(2)}×)`, '≤ 2.0', met(ratio <= 2));
  row('start-up', `longest main-thread task to interactive (long-task observer; median of per-load longest, worst of ${st.runs})`,
    st.longtaskError ? `n/a (${st.longtaskError})` : `${ms(st.longest, 0)} (worst ${ms(st.longestMax, 0)}; ${st.loadsWithLong} of ${st.runs} loads had one over 50 ms)`, 'none over 50 ms', met(st.loadsWithLong === 0));

  }
  const ix = r.interaction;
  if (ix) {
  const ixRow = (name, x) => row('interaction', `${name} (${x.n} reps after ${ix.warm} warm-up)`, `p50 ${ms(x.p50, 2)} · **p95 ${ms(x.p95, 2)}** (next frame p95 ${ms(x.frameP95)})`, 'p95 ≤ 8 ms', met(x.p95 <= 8));
  ixRow('check a step (checklist checkbox)', ix.check);
  ixRow('type one character into the step note', ix.note);
  ixRow('switch playbook (cycling the 5 built-ins)', ix.switch);
  row('interaction', `longest main-thread task during those ${3 * (ix.reps + ix.warm)} interactions (long-task observer)`, ix.longCount ? `${ms(ix.longest, 0)} (${ix.longCount} tasks over 50 ms)` : 'none over 50 ms');

  }
  const m = r.memory;
  if (m) {
  const memRow = (what, x) => row('memory', `${what} (median of ${m.runs}, after GC)`, `JS heap ${mb(x.js)} + wasm ${x.wasm === null ? 'n/a' : mb(x.wasm)} = **${mb(x.total)}**`, '≤ 4 MB', met(x.total <= 4 * MB));
  memRow('after load', m.afterLoad);
  memRow(`after a full session (${m.session?.steps} steps visited, a ${m.noteChars}-character note typed into each, all checked: ${m.session?.events} events)`, m.afterSession);
  row('memory', 'static baseline page (same measure: the floor for this browser)', `JS heap ${mb(m.baseline.js)}`);

  }
  const g = r.storage;
  if (g) {
  const seeded = `${n0(g.sessions)} stored sessions with alerts, ${(g.units / MB).toFixed(1)} M characters, index ${(g.indexChars / MB).toFixed(2)} M`;
  const sign = (x) => (x >= 0 ? `+${ms(x)}` : `−${ms(-x)}`);
  row('storage', `open a stored ticket, ${seeded}: the app's own start (wasm ready → interactive), extra over the same ticket alone in storage (median of ${g.runs} paired loads)`,
    `**${sign(g.storedExtra)}** (own start ${ms(g.storedBig.own)} vs ${ms(g.storedSmall.own)}; whole load ${ms(g.storedBig.load, 0)} vs ${ms(g.storedSmall.load, 0)})`, '≤ 20 ms', met(g.storedExtra <= 20));
  row('storage', `open a new ticket with the same store: extra over an empty store (median of ${g.runs} paired loads)`,
    `**${sign(g.newExtra)}** (own start ${ms(g.newBig.own)} vs ${ms(g.newEmpty.own)}; whole load ${ms(g.newBig.load, 0)} vs ${ms(g.newEmpty.load, 0)})`, '≤ 20 ms', met(g.newExtra <= 20));
  if (g.search) {
    row('storage', `binder search over the ${n0(g.sessions)} alerts: one word typed → results rendered and laid out (${g.search.n} searches over ${g.runs} loads; ≥ ${g.search.minFound} results shown each)`,
      `**median ${ms(g.search.p50)}** · p95 ${ms(g.search.p95)} (next frame p95 ${ms(g.search.frameP95)})`, '≤ 20 ms (median)', met(g.search.p50 <= 20));
  } else {
    row('storage', 'binder search', `n/a (${g.binder})`, '≤ 20 ms', '—');
  }
  row('storage', `type one character into a note with ${n0(g.sessions)} sessions stored (${g.typing.n} reps)`, `p50 ${ms(g.typing.p50, 2)} · **p95 ${ms(g.typing.p95, 2)}** (next frame p95 ${ms(g.typing.frameP95)})`, 'p95 ≤ 8 ms', met(g.typing.p95 <= 8));

  }
  const c = r.coach;
  const tgt = r.coachTarget;
  if (c.result) {
    const x = c.result;
    row('coach', `native \`review()\`, µs per 1,000 characters (\`cargo bench --bench coach\`, median of ${x.runs}; with contexts ${x.reviewContext}; \`temperature()\` ${x.temperature})`,
      `**${x.review} µs**${x.longUs !== null ? ` (one ${x.longChars}-character draft: ${x.longUs} µs)` : ''}`, tgt ? `≤ ${tgt} µs (the coach bench's own)` : '—', tgt ? met(x.review <= tgt && (x.reviewContext ?? 0) <= tgt) : '—');
  } else {
    row('coach', 'native `review()`, µs per 1,000 characters', `n/a (${c.status})`, tgt ? `≤ ${tgt} µs` : '—', '—');
  }
  const cb = r.coachBrowser;
  if (r.coachBrowser === undefined) {
    // not run (BENCH_ONLY)
  } else if (cb) {
    row('coach', `in the browser: a ${n0(cb.chars)}-character draft set in one input event → rendered (${cb.n} reps)`, `p50 ${ms(cb.p50)} · p95 ${ms(cb.p95)} = **${n0(cb.usPerK)} µs per 1,000 characters**`, '—', '—');
  } else {
    row('coach', 'in the browser: 5,000-character draft, input → next frame', 'n/a (the sidebar has no draft box yet)', '—', '—');
  }

  const lv = r.live;
  if (lv) {
    row('live coach', `a \`draft\` of ${n0(lv.draft.chars)} characters posted by the host → its findings (${lv.draft.findings}) in the sidebar's DOM and the next frame (${lv.draft.n} drafts)`,
      `p50 ${ms(lv.draft.p50)} · **p95 ${ms(lv.draft.p95)}**${lv.draft.mainP95 !== undefined ? ` (the draft taken in on the main thread, to its next frame: p50 ${ms(lv.draft.mainP50)} · p95 ${ms(lv.draft.mainP95)}; the review runs in the coach's worker)` : ''}`, 'p95 ≤ 8 ms (issue 14; printed, not asserted)', met(lv.draft.p95 <= 8));
    row('live coach', `a \`conversation\` of ${lv.thread.messages} messages (100 from the customer) posted → readings saved in the session and the curve drawn, next frame (${lv.thread.n} fresh tickets)`,
      `p50 ${ms(lv.thread.p50)} · **p95 ${ms(lv.thread.p95)}** (worst ${ms(lv.thread.max)})`, '≤ 30 ms (issue 14; printed, not asserted)', met(lv.thread.p95 <= 30));
  }

  const head = [
    `Run ${r.started.slice(0, 16).replace('T', ' ')} UTC · ${r.git} · Chromium ${r.browser} headless · ${r.machine.cpus} cores (${r.machine.model?.trim() || 'unknown CPU'}), load average ${r.machine.load.toFixed(1)} at the end · ${Math.round(r.seconds)} s`,
    '',
    '| area | what | result | target | status |',
    '| --- | --- | --- | --- | --- |',
  ];
  return head.concat(rows).join('\n');
}

const START = '<!-- bench:latest:start -->';
const END = '<!-- bench:latest:end -->';
const PREV = '<!-- bench:previous -->';

/** Puts `table` between the markers; the table that was there moves to the top of "Previous runs". */
export function updateDoc(path, table, r) {
  let doc = existsSync(path) ? readFileSync(path, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n\n## Previous runs\n\n${PREV}\n`;
  if (!doc.includes(START) || !doc.includes(END)) doc += `\n${START}\n${END}\n`;
  if (!doc.includes(PREV)) doc += `\n## Previous runs\n\n${PREV}\n`;
  const a = doc.indexOf(START) + START.length;
  const b = doc.indexOf(END);
  const old = doc.slice(a, b).trim();
  doc = `${doc.slice(0, a)}\n${table}\n${doc.slice(b)}`;
  if (old) {
    const p = doc.indexOf(PREV) + PREV.length;
    doc = `${doc.slice(0, p)}\n\n${old}\n${doc.slice(p)}`;
  }
  writeFileSync(path, doc);
}
