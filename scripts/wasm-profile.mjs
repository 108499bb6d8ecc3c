// Where a wasm's bytes go: `twiggy top` of a copy that keeps its name section,
// grouped by crate and by our own module, printed as Markdown tables.
//
//   node scripts/wasm-profile.mjs <names-kept.wasm> [top=30]
//
// scripts/build.sh --profile writes such a copy (wasm-opt with `-g`, the same
// other flags) as target/profile/<bundle>.names.wasm. The name section itself
// is left out of every figure: the shipped wasm has none.
import { execFileSync } from 'node:child_process';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/wasm-profile.mjs <names-kept.wasm> [top]');
  process.exit(2);
}
const top = Number(topArg || 30);
const csv = execFileSync('twiggy', ['top', '-n', '1000000', '--format', 'csv', file], { maxBuffer: 1 << 28 }).toString();

/** One CSV row: name (quoted, "" escapes) then numbers. */
function parseRow(line) {
  let name = '';
  let i = 0;
  if (line[0] === '"') {
    i = 1;
    for (;;) {
      if (line[i] === '"' && line[i + 1] === '"') { name += '"'; i += 2; } else if (line[i] === '"') { i += 1; break; } else name += line[i++];
    }
  } else {
    const c = line.indexOf(',');
    name = line.slice(0, c);
    i = c;
  }
  const size = Number(line.slice(i + 1).split(',')[0]);
  return { name, size };
}

const rows = csv.trim().split('\n').slice(1).map(parseRow).filter((r) => !/names" subsection|^"?name"? section|producers|target_features/.test(r.name));
const total = rows.reduce((n, r) => n + r.size, 0);

/** The crate and (for ours) the module an item belongs to. */
function classify(name) {
  if (/^data segment|^data\[/.test(name)) return { crate: 'data segments (strings, tables, built-in JSON)', module: 'data' };
  if (/^(code|type|import|export|elem|table|memory|global)\[|section|wasm-bindgen/.test(name)) return { crate: 'wasm structure', module: 'structure' };
  let n = name.replace(/^<+/, '').replace(/^(&mut |&|\*const |\*mut |\[|dyn )+/, '');
  if (/^core::ptr::drop_in_place|^core\[[0-9a-f]+\]::ptr::drop_in_place/.test(n)) return { crate: 'drop glue (core::ptr::drop_in_place)', module: ownModule(name) || 'drop glue' };
  if (/slice::sort|::sort::/.test(n)) return { crate: 'sort (core::slice::sort instantiations)', module: ownModule(name) || 'sort' };
  const own = ownModule(name);
  const head = n.match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/);
  let crate = head ? head[1] : /^[a-z0-9_]+$/.test(n) ? 'unnamed (imports, shims)' : 'other';
  if (crate === 'turnaround') return { crate: 'turnaround (ours)', module: own };
  if (crate === 'serde_core' || crate === 'serde') crate = 'serde';
  if (['core', 'alloc', 'std', 'compiler_builtins', 'dlmalloc'].includes(crate)) crate = `std (${crate})`;
  if (/^(f64|f32|u8|u16|u32|u64|usize|i32|i64|isize|str|bool|char|T|\(\))\b/.test(n)) crate = 'std (core)';
  return { crate, module: own || crate };
}

/** `turnaround::core::coach::rules` → `core::coach`, the first two levels under the crate. */
function ownModule(name) {
  const m = name.match(/turnaround::((?:core|ui|web)::[a-z_]+)/);
  return m ? m[1] : null;
}

const byCrate = new Map();
const byModule = new Map();
for (const r of rows) {
  const c = classify(r.name);
  byCrate.set(c.crate, (byCrate.get(c.crate) || 0) + r.size);
  if (c.module && /^(core|ui|web)::/.test(c.module)) byModule.set(c.module, (byModule.get(c.module) || 0) + r.size);
}

/** Prints the 15 largest rows and the rest as one. */
function table(rows) {
  rows.sort((a, b) => b[1] - a[1]);
  rows.slice(0, 15).forEach(([k, v]) => console.log(`| ${k} | ${kb(v)} | ${pct(v)} |`));
  const rest = rows.slice(15);
  if (rest.length) console.log(`| ${rest.length} more | ${kb(rest.reduce((n, [, v]) => n + v, 0))} | ${pct(rest.reduce((n, [, v]) => n + v, 0))} |`);
}

const kb = (n) => (n / 1000).toFixed(1);
const pct = (n) => ((100 * n) / total).toFixed(1);
const short = (s) => (s.length > 110 ? s.slice(0, 107) + '…' : s).replace(/\|/g, '\\|');

console.log(`Profile of \`${file}\`: ${kb(total)} KB without the name section, ${rows.length} items.\n`);
console.log(`| # | item | KB | % |\n| --- | --- | --- | --- |`);
rows.slice(0, top).forEach((r, i) => console.log(`| ${i + 1} | \`${short(r.name.replace(/::h[0-9a-f]{16}$/, ''))}\` | ${kb(r.size)} | ${pct(r.size)} |`));
console.log(`\nBy crate (an instantiated generic counts for the crate that defines the function; our types inlined into Yew's component \`view\`s count for yew):\n`);
console.log(`| crate | KB | % |\n| --- | --- | --- |`);
table([...byCrate]);
console.log(`\nBy our module (functions whose name carries a \`turnaround::\` path, including generics instantiated for our types):\n`);
console.log(`| module | KB | % |\n| --- | --- | --- |`);
table([...byModule]);
