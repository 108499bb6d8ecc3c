// Precompresses a built bundle: beside every wasm and text file, a .gz
// (GNU gzip -9 -n, the figure docs/benchmarks.md reports; node's zlib where
// there is no gzip, about 1 % larger) and a .br (brotli quality 11, node's
// zlib), so the server sends them without compressing per request
// (scripts/serve.mjs).
// A compressed copy that is not smaller than the file is not written.
//
//   node scripts/compress.mjs <dir>
//
// Also the one place the size figures' brotli comes from: `brotliSize()`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

function gzip(buf) {
  try {
    return execFileSync('gzip', ['-9', '-n', '-c'], { input: buf, maxBuffer: 1 << 28 });
  } catch {
    return gzipSync(buf, { level: 9 });
  }
}

export const COMPRESSIBLE = /\.(wasm|js|mjs|css|html|json|svg|txt|md|bin)$/;

export function brotli(buf) {
  return brotliCompressSync(buf, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  });
}

export function brotliSize(buf) {
  return brotli(buf).length;
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export function compressDir(dir) {
  let n = 0;
  for (const file of walk(dir).filter((p) => COMPRESSIBLE.test(p))) {
    const buf = readFileSync(file);
    const gz = gzip(buf);
    const br = brotli(buf);
    if (gz.length < buf.length) writeFileSync(`${file}.gz`, gz);
    if (br.length < buf.length) writeFileSync(`${file}.br`, br);
    n += 1;
  }
  return n;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/compress.mjs <dir>');
    process.exit(2);
  }
  const n = compressDir(dir);
  console.log(`compress: ${n} files in ${dir} with .gz and .br beside them`);
}
