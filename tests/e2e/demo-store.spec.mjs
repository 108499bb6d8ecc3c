// The demo helpdesk's shared session store (scripts/demo-store.mjs, served
// by scripts/serve.mjs under /api/): revision-checked writes, clear 4xx
// answers to bad requests, pages of its own origin only, and a file that
// survives a restart of the server (a server of its own on 127.0.0.3, with a
// store file of its own, so the suite's server is left alone).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { HOST, PORT, resetDemoStore } from './helpers.mjs';

test.beforeEach(resetDemoStore);

const api = (path) => `${HOST}/api/${path}`;
const session = (id, rev, extra = {}) => ({ schema: 1, ticket_id: id, playbook: 'laptop', rev, steps: [], ...extra });
const json = { 'Content-Type': 'application/json' };

test('a write built on the stored copy is kept; one built on an older copy gets 409 and the stored copy', async ({ request }) => {
  expect(await (await request.get(api('sessions/S-1'))).json()).toEqual({ ticket_id: 'S-1', rev: 0, session: null });
  const first = await request.put(api('sessions/S-1'), { headers: json, data: { base_rev: 0, session: session('S-1', 3) } });
  expect(first.status()).toBe(200);
  expect(await first.json()).toEqual({ ticket_id: 'S-1', rev: 3 });
  // Another agent's save built on nothing (base 0) while rev 3 is stored.
  const stale = await request.put(api('sessions/S-1'), { headers: json, data: { base_rev: 0, session: session('S-1', 1, { saved_by: 'Ana' }) } });
  expect(stale.status()).toBe(409);
  const body = await stale.json();
  expect(body.error).toContain('the stored copy is at rev 3, this one was built on rev 0');
  expect(body.session).toEqual(session('S-1', 3));
  const next = await request.put(api('sessions/S-1'), { headers: json, data: { base_rev: 3, session: session('S-1', 4) } });
  expect(next.status()).toBe(200);
  expect((await (await request.get(api('sessions/S-1'))).json()).rev).toBe(4);
  // A removal names the copy it removes, too.
  expect((await request.delete(api('sessions/S-1?base_rev=3'))).status()).toBe(409);
  expect((await request.delete(api('sessions/S-1?base_rev=4'))).status()).toBe(204);
  expect((await (await request.get(api('sessions/S-1'))).json()).session).toBeNull();
});

test('bad requests get a 4xx that says what is wrong, and change nothing', async ({ request }) => {
  await request.put(api('sessions/B-1'), { headers: json, data: { base_rev: 0, session: session('B-1', 2) } });
  const put = (data, headers = json, id = 'B-1') => request.put(api(`sessions/${id}`), { headers, data });
  const cases = [
    [await put(Buffer.from('{"base_rev": 2, "session": '), json), 400, 'the body is not JSON'],
    [await put(Buffer.from(JSON.stringify({ base_rev: 2, session: session('B-1', 3) })), { 'Content-Type': 'text/plain' }), 415, 'application/json'],
    [await put({ base_rev: 2 }), 400, 'session must be an object'],
    [await put({ base_rev: -1, session: session('B-1', 3) }), 400, 'base_rev must be a whole number'],
    [await put({ base_rev: '2', session: session('B-1', 3) }), 400, 'base_rev must be a whole number'],
    [await put({ base_rev: 2, session: session('B-2', 3) }), 400, 'session.ticket_id must be "B-1"'],
    [await put({ base_rev: 2, session: session('B-1', 1.5) }), 400, 'session.rev must be a whole number'],
    [await put({ base_rev: 2, session: session('B-1', 3), client: 'x'.repeat(65) }), 400, 'client must be a string'],
    [await put([1, 2]), 400, 'the body must be an object'],
    [await put({ base_rev: 2, session: session('B-1', 3, { pad: 'x'.repeat(1100 * 1024) }) }), 413, 'at most'],
    [await put({ base_rev: 0, session: session('x'.repeat(129), 1) }, json, 'x'.repeat(129)), 400, 'a ticket id has 1 to 128 characters'],
    [await request.get(api('sessions/%E0%A4%A')), 400, 'percent-encoding'],
    [await request.post(api('sessions/B-1'), { headers: json, data: {} }), 405, 'use GET or HEAD or PUT or DELETE'],
    [await request.delete(api('sessions/B-1')), 400, '?base_rev='],
    [await request.get(api('sessions/B-1/more')), 404, 'no such store route'],
    // The store's own check, behind the pages' CSP (connect-src 'self'): other origins, cross-site fetches.
    [await request.get(api('sessions/B-1'), { headers: { Origin: 'http://127.0.0.2:1' } }), 403, 'only pages of'],
    [await request.get(api('sessions/B-1'), { headers: { Origin: `http://localhost:${PORT}` } }), 403, 'only pages of'],
    [await request.get(api('sessions/B-1'), { headers: { 'Sec-Fetch-Site': 'cross-site' } }), 403, 'its own origin'],
  ];
  for (const [r, status, words] of cases) {
    expect(r.status(), words).toBe(status);
    expect((await r.json()).error).toContain(words);
  }
  expect((await (await request.get(api('sessions/B-1'))).json()).session).toEqual(session('B-1', 2));
});

// --- A server of its own: the store file across a restart.

const HOST3 = '127.0.0.3';
const dir = resolve('target/e2e/demo-store-restart');

function answers(url) {
  return fetch(url).then((r) => r.ok, () => false);
}

async function serve(file) {
  const child = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(PORT), '--host', HOST3], {
    env: { ...process.env, QUIET: '1', DEMO_STORE: file },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += c; });
  const url = `http://${HOST3}:${PORT}/api/sessions/R-1`;
  for (let i = 0; i < 100 && !(await answers(url)); i++) await new Promise((r) => setTimeout(r, 100));
  expect(await answers(url), 'the second server answers').toBe(true);
  return {
    url,
    stderr: () => stderr,
    stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }),
  };
}

test('the store file survives a restart of the server, and is never left half written', async () => {
  rmSync(dir, { recursive: true, force: true });
  const file = join(dir, 'nested', 'sessions.json');
  let server = await serve(file);
  try {
    const r = await fetch(server.url, { method: 'PUT', headers: json, body: JSON.stringify({ base_rev: 0, session: session('R-1', 5, { saved_by: 'Sam' }) }) });
    expect(r.status).toBe(200);
  } finally {
    await server.stop();
  }
  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, sessions: { 'R-1': session('R-1', 5, { saved_by: 'Sam' }) } });
  expect(readdirSync(join(dir, 'nested'))).toEqual(['sessions.json']); // no temporary file left
  server = await serve(file);
  try {
    expect(await (await fetch(server.url)).json()).toEqual({ ticket_id: 'R-1', rev: 5, session: session('R-1', 5, { saved_by: 'Sam' }) });
    const stale = await fetch(server.url, { method: 'PUT', headers: json, body: JSON.stringify({ base_rev: 4, session: session('R-1', 6) }) });
    expect(stale.status).toBe(409);
  } finally {
    await server.stop();
  }
});

test('a store file that cannot be read is set aside, not overwritten, and the store starts empty', async () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'sessions.json');
  writeFileSync(file, '{"version": 1, "sessions": {"R-1": ');
  const server = await serve(file);
  try {
    expect((await (await fetch(server.url)).json()).session).toBeNull();
    expect(server.stderr()).toContain('could not be read');
    const aside = readdirSync(dir).filter((f) => f.startsWith('sessions.json.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]), 'utf8')).toBe('{"version": 1, "sessions": {"R-1": ');
    expect(existsSync(file)).toBe(false);
    const r = await fetch(server.url, { method: 'PUT', headers: json, body: JSON.stringify({ base_rev: 0, session: session('R-1', 1) }) });
    expect(r.status).toBe(200);
    expect(JSON.parse(readFileSync(file, 'utf8')).sessions['R-1'].rev).toBe(1);
  } finally {
    await server.stop();
  }
});

test('the reset route exists only where DEMO_STORE_RESET=1 turns it on', async () => {
  rmSync(dir, { recursive: true, force: true });
  const server = await serve(join(dir, 'sessions.json'));
  try {
    const r = await fetch(`http://${HOST3}:${PORT}/api/reset`, { method: 'POST' });
    expect(r.status).toBe(404);
  } finally {
    await server.stop();
  }
});
