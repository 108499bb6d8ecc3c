// Transfer sizes of the built bundle: raw and gzip -9 (GNU gzip, from stdin,
// so no file name in the header: what a server sends), per kind; the built-in
// data found verbatim inside the wasm; the wasm's own sections.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliSize } from '../scripts/compress.mjs';

export function gzipSize(buf) {
  return execFileSync('gzip', ['-9', '-c'], { input: buf, maxBuffer: 1 << 28 }).length;
}

function file(dir, path) {
  const full = join(dir, path);
  if (!existsSync(full)) return null;
  const buf = readFileSync(full);
  return { path, raw: buf.length, gzip: gzipSize(buf), br: brotliSize(buf), buf };
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Section sizes of a wasm binary: { code, data, other, dataSegments }. */
export function wasmSections(buf) {
  let i = 8;
  const leb = () => {
    let result = 0, shift = 0, byte;
    do { byte = buf[i++]; result += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return result;
  };
  const out = { code: 0, data: 0, custom: 0, other: 0 };
  while (i < buf.length) {
    const id = buf[i++];
    const size = leb();
    const body = i;
    if (id === 10) out.code += size;
    else if (id === 11) out.data += size;
    else if (id === 0) out.custom += size;
    else out.other += size;
    i = body + size;
  }
  return out;
}

/**
 * @param dist the built bundle (dist/)
 * @param staticDir where the built-in data's sources live (static/)
 */
export function measureSizes(dist = 'dist', staticDir = 'static') {
  const wasm = file(dist, 'pkg/turnaround_bg.wasm');
  const glue = file(dist, 'pkg/turnaround.js');
  const boot = file(dist, 'boot.js');
  // The page's stylesheets: base.css (index.html) and the sidebar's own (boot.js adds it).
  const base = file(dist, 'base.css');
  const sidebarCss = file(dist, 'sidebar.css');
  const css = base && sidebarCss ? { path: 'base.css + sidebar.css', raw: base.raw + sidebarCss.raw, gzip: base.gzip + sidebarCss.gzip, br: base.br + sidebarCss.br } : null;
  const html = file(dist, 'index.html');
  if (!wasm || !glue || !css || !html) throw new Error(`${dist}/ is missing part of the sidebar bundle: run scripts/build.sh first`);
  const loaded = [wasm, glue, boot, css, html].filter(Boolean);
  const sum = (fs) => ({ raw: fs.reduce((n, f) => n + f.raw, 0), gzip: fs.reduce((n, f) => n + f.gzip, 0), br: fs.reduce((n, f) => n + f.br, 0) });
  const total = sum(loaded);
  // The trainer page (index.html?view=trainer) loads its own bundle and the same page files.
  const trainerWasm = file(dist, 'pkg/trainer_bg.wasm');
  const trainerGlue = file(dist, 'pkg/trainer.js');
  const trainer = trainerWasm && trainerGlue ? { wasm: trainerWasm, glue: trainerGlue, total: sum([trainerWasm, trainerGlue, boot, base, file(dist, 'trainer.css'), html].filter(Boolean)) } : null;

  // Built-in data: the JSON sources compiled in with include_str!, found verbatim in the wasm.
  const data = { files: [], missing: [], raw: 0, gzip: 0 };
  const kinds = { playbooks: 0, scenarios: 0, coach: 0 };
  const found = [];
  for (const kind of Object.keys(kinds)) {
    const dir = join(staticDir, kind);
    if (!existsSync(dir)) continue;
    for (const p of walk(dir).filter((x) => x.endsWith('.json')).sort()) {
      const buf = readFileSync(p);
      if (wasm.buf.includes(buf)) {
        data.files.push(relative(staticDir, p));
        kinds[kind] += buf.length;
        found.push(buf);
      } else {
        data.missing.push(relative(staticDir, p));
      }
    }
  }
  const all = Buffer.concat(found);
  data.raw = all.length;
  data.gzip = found.length ? gzipSize(all) : 0;
  data.kinds = kinds;

  // The JSON copies in dist/ (served for hosts and tools; the sidebar never fetches them).
  const copies = { files: 0, raw: 0, gzip: 0 };
  for (const sub of ['playbooks', 'scenarios', 'coach', 'schema']) {
    const dir = join(dist, sub);
    if (!existsSync(dir)) continue;
    for (const p of walk(dir).filter((x) => x.endsWith('.json'))) {
      const buf = readFileSync(p);
      copies.files += 1;
      copies.raw += buf.length;
      copies.gzip += gzipSize(buf);
    }
  }
  const sections = wasmSections(wasm.buf);
  for (const f of [...loaded, trainerWasm, trainerGlue].filter(Boolean)) delete f.buf;
  return { wasm, glue, boot, css, html, total, trainer, data, copies, sections };
}
