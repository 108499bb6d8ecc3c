// A static file server for dist/ with the product's Content-Security-Policy.
// One port, several loopback origins: the demo helpdesk on 127.0.0.1 embeds
// the sidebar from localhost, a different origin, as a real helpdesk would.
//
// It also keeps the demo helpdesk's shared session store under /api/
// (scripts/demo-store.mjs): two browsers on the demo share one ticket's
// session, revision-checked, with changes pushed to the others.
//
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--dir dist]
//   DEMO_STORE=path        the store's file (default target/demo-helpdesk/sessions.json)
//   DEMO_STORE_RESET=1     enables POST /api/reset (the end-to-end tests only)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { handleApi, openStore } from './demo-store.mjs';
// The files the build precompresses (`.br` and `.gz` beside them).
import { COMPRESSIBLE } from './compress.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const port = Number(args.port || process.env.PORT || 8080);
const host = args.host || '127.0.0.1';
const root = resolve(args.dir || 'dist');
// Which pages may frame ours; loopback on any port by default (the demo and tests).
const ancestors = process.env.FRAME_ANCESTORS || "'self' http://127.0.0.1:* http://localhost:* http://127.0.0.2:* http://127.0.0.3:*";

// The demo's sessions live beside the build, not in it: scripts/build.sh
// replaces dist/ on every build (and dist/ is served, the store must not be).
const store = openStore(resolve(process.env.DEMO_STORE || 'target/demo-helpdesk/sessions.json'));
const resetAllowed = process.env.DEMO_STORE_RESET === '1';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.zip': 'application/zip', '.txt': 'text/plain; charset=utf-8', '.md': 'text/markdown; charset=utf-8',
};


/** Whether an Accept-Encoding header accepts a coding (q=0 refuses it). */
export function accepts(header, coding) {
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (name.trim() === coding || name.trim() === '*') && !(q && Number(q.slice(2)) === 0);
  });
}

/**
 * The bytes to send for `file`: its `.br` when the client takes brotli, else
 * its `.gz` when it takes gzip, else the file itself. A precompressed copy
 * older than its file (the file changed after the build) is never sent.
 */
async function precompressed(file, acceptEncoding) {
  if (COMPRESSIBLE.test(file)) {
    const mtime = (await stat(file)).mtimeMs;
    for (const [coding, ext] of [['br', '.br'], ['gzip', '.gz']]) {
      if (!accepts(acceptEncoding, coding)) continue;
      try {
        const info = await stat(file + ext);
        if (info.mtimeMs >= mtime) return { body: await readFile(file + ext), encoding: coding };
      } catch {
        // No precompressed copy: try the next coding, then the file itself.
      }
    }
  }
  return { body: await readFile(file), encoding: null };
}

export function csp() {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-src 'self' http://127.0.0.1:* http://localhost:* http://127.0.0.2:* http://127.0.0.3:*",
    "object-src 'none'",
    "base-uri 'none'",
    `frame-ancestors ${ancestors}`,
    'report-uri /__csp-report',
  ].join('; ');
}

async function handle(req, res) {
  const url = new URL(req.url, `http://${req.headers.host || host}`);
  if (url.pathname === '/__csp-report') {
    let body = '';
    req.on('data', (c) => { body += c; if (body.length > 65536) req.destroy(); });
    req.on('end', () => { process.stderr.write(`CSP violation: ${body}\n`); res.writeHead(204).end(); });
    return;
  }
  if (await handleApi(req, res, url, store, { reset: resetAllowed })) return;
  // The root is the demo helpdesk: the first thing to open.
  let path = url.pathname === '/' ? '/demo-helpdesk.html' : decodeURIComponent(url.pathname);
  // Test-only host pages, served only when the end-to-end suite runs the server.
  let base = root;
  if (process.env.E2E_FIXTURES && path.startsWith('/fixtures/')) {
    base = resolve(process.env.E2E_FIXTURES);
    path = path.slice('/fixtures'.length);
  }
  const file = normalize(join(base, path));
  if (!file.startsWith(base)) return res.writeHead(403).end('forbidden');
  try {
    const info = await stat(file);
    const target = info.isDirectory() ? join(file, 'index.html') : file;
    const { body, encoding } = await precompressed(target, req.headers['accept-encoding'] || '');
    const headers = {
      'Content-Type': TYPES[extname(target)] || 'application/octet-stream',
      'Content-Security-Policy': csp(),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
      'Content-Length': body.length,
    };
    if (COMPRESSIBLE.test(target)) headers.Vary = 'Accept-Encoding';
    if (encoding) headers['Content-Encoding'] = encoding;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  }
}

const server = createServer(handle);

// Extra loopback addresses (the end-to-end tests' third origin), same files.
for (const extra of (process.env.EXTRA_HOSTS || '').split(',').filter(Boolean)) {
  createServer(handle).listen(port, extra);
}

server.listen(port, host, () => {
  if (!process.env.QUIET) {
    console.log(`Demo helpdesk: http://${host}:${port}/`);
    console.log(`Standalone sidebar and trainer: http://localhost:${port}/index.html`);
  }
});
