// A stylesheet per page, cut from the one source, static/app.css, so a page
// fetches only the rules its views can match:
//
//   base.css     everything above the "page rules" marker: the themes' colours,
//                the element resets, the loading and fatal lines (index.html
//                links it, so the page before the wasm looks as it always did)
//   sidebar.css  the rules below it that the sidebar's views can match
//   trainer.css  the same for the trainer's views
//
// boot.js adds the page's own sheet beside base.css, in the same order as in
// app.css (base first), so the cascade is the one app.css gives.
//
// Which rules a page can match: a rule is kept when one of its selectors names
// only classes that occur in the page's source files (Rust and JS), a class
// built as format!("ta-t-{}", …) counting for every class with that prefix.
// A selector without a `ta-` class is always kept. A page's files are its
// pages' modules, every hook, the web shell, boot.js, and each
// `ui::components::<name>` they name, followed through the components' own.
//
//   node scripts/page-css.mjs <out dir>          writes the three files
//   node scripts/page-css.mjs <out dir> --list   also prints what each page left out
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MARKER = '/* ---- page rules';
const source = readFileSync('static/app.css', 'utf8');

/** Every .rs file under a folder, or the file itself. */
function files(path) {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).flatMap((f) => files(join(path, f)));
}

/** A page's source files: the roots, then the components they name, transitively. */
function pageFiles(roots) {
  const seen = new Set(roots.flatMap(files));
  const queue = [...seen];
  while (queue.length) {
    const text = readFileSync(queue.pop(), 'utf8');
    for (const m of text.matchAll(/components::(?:\{([^}]*)\}|(\w+))/g)) {
      const names = m[1] ? m[1].split(',').map((s) => s.trim().split('::')[0]) : [m[2]];
      for (const name of names) {
        for (const f of [...files(`src/ui/components/${name}.rs`), ...files(`src/ui/components/${name}`)]) {
          if (!seen.has(f)) { seen.add(f); queue.push(f); }
        }
      }
    }
  }
  return [...seen];
}

const shared = ['src/lib.rs', 'src/ui.rs', 'src/ui/context.rs', 'src/ui/hooks.rs', 'src/ui/hooks', 'src/web', 'static/boot.js', 'index.html'];
const pages = {
  sidebar: pageFiles([...shared, 'src/ui/pages/sidebar.rs', 'src/ui/pages/standalone.rs', 'src/ui/state.rs']),
  trainer: pageFiles([...shared, 'src/ui/pages/trainer.rs', 'src/ui/pages/trainer']),
};

/** The classes a page's files name, and the prefixes they build classes from. */
function classesOf(paths) {
  const names = new Set();
  const prefixes = new Set();
  for (const f of paths) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/ta-[a-z0-9-]*[a-z0-9]/g)) names.add(m[0]);
    for (const m of text.matchAll(/(ta-[a-z0-9-]*-)(?:\{|")/g)) prefixes.add(m[1]);
  }
  return (c) => names.has(c) || [...prefixes].some((p) => c.startsWith(p));
}

/** Top-level items of a stylesheet: { text, selector, body } for a rule, { text, at, rules } for an @-block. */
function parse(css) {
  const items = [];
  let i = 0;
  const skipSpace = () => {
    for (;;) {
      while (i < css.length && /\s/.test(css[i])) i++;
      if (css.startsWith('/*', i)) i = css.indexOf('*/', i) + 2;
      else return;
    }
  };
  const block = () => { // from the '{' at i to after its matching '}'
    let depth = 0;
    const start = i;
    for (; i < css.length; i++) {
      if (css[i] === '"' || css[i] === "'") { const q = css[i]; i = css.indexOf(q, i + 1); continue; }
      if (css[i] === '{') depth++;
      if (css[i] === '}' && --depth === 0) { i++; return css.slice(start, i); }
    }
    throw new Error('app.css: an unclosed block');
  };
  for (skipSpace(); i < css.length; skipSpace()) {
    const open = css.indexOf('{', i);
    const head = css.slice(i, open).trim();
    i = open;
    const body = block();
    if (head.startsWith('@')) items.push({ at: head, rules: parse(body.slice(1, -1)) });
    else items.push({ selector: head, body });
  }
  return items;
}

/** Whether a rule can match on a page that names the classes `has` knows. */
function matches(selector, has) {
  return selector.split(',').some((s) => [...s.matchAll(/\.(ta-[a-z0-9-]+)/g)].every((m) => has(m[1])));
}

function render(items, indent = '') {
  return items.map((it) => (it.at ? `${indent}${it.at} {\n${render(it.rules, indent + '  ')}${indent}}\n` : `${indent}${it.selector} ${it.body}\n`)).join('');
}

const cut = source.indexOf(MARKER);
if (cut < 0) throw new Error(`static/app.css has no "${MARKER}" marker`);
const out = process.argv[2];
if (!out) { console.error('usage: node scripts/page-css.mjs <out dir> [--list]'); process.exit(2); }
writeFileSync(join(out, 'base.css'), source.slice(0, cut).trimEnd() + '\n');
const rules = parse(source.slice(cut));
for (const [name, paths] of Object.entries(pages)) {
  const has = classesOf(paths);
  const left = [];
  const keep = (items) => items.flatMap((it) => {
    if (it.at) { const inner = keep(it.rules); return inner.length ? [{ ...it, rules: inner }] : []; }
    if (matches(it.selector, has)) return [it];
    left.push(it.selector);
    return [];
  });
  writeFileSync(join(out, `${name}.css`), render(keep(rules)));
  if (process.argv.includes('--list')) console.log(`${name}.css leaves out ${left.length} rules:\n  ${left.join('\n  ')}`);
}
