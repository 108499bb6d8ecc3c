// The demo helpdesk's shared session store: what `make run` keeps for every
// browser that opens the demo, so two agents (two browser profiles) work on
// one ticket's session as they would in a real helpdesk. It keeps each
// ticket's session as an opaque object and compares revisions: a write built
// on an older copy than the stored one is refused with 409 and the stored
// copy, which the sidebar merges and saves again (PROTOCOL.md, "Two agents on
// one ticket"). Every stored write is pushed to the other browsers as a
// Server-Sent Event. The sessions live in one JSON file, rewritten atomically
// (a temporary file, then a rename) before a write is confirmed.
//
//   GET    /api/sessions/<ticket>             200 {ticket_id, rev, session|null}
//   PUT    /api/sessions/<ticket>             {base_rev, session, client?} -> 200 {ticket_id, rev} | 409 {error, rev, session}
//   DELETE /api/sessions/<ticket>?base_rev=N  204 | 409 {error, rev, session}
//   GET    /api/events                        text/event-stream: `session` {ticket_id, rev, session, client}, `removed` {ticket_id, client}
//   POST   /api/reset                         204; only when DEMO_STORE_RESET=1 (the end-to-end tests)
import { readFileSync, renameSync } from 'node:fs';
import { mkdir, rename, writeFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A session may be as large as one protocol message (1 MiB); the body adds a little around it. */
export const MAX_BODY = 1024 * 1024 + 4096;
export const MAX_TICKETS = 1000;
export const MAX_LISTENERS = 64;
const MAX_TICKET_ID = 128;
const MAX_CLIENT = 64;

/** An error a request earns: its status and the words it is answered with. */
class Refusal extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const isRev = (x) => Number.isSafeInteger(x) && x >= 0;

/**
 * Reads the store file: a missing file is an empty store; a file that cannot
 * be read as a store is set aside beside it (never overwritten) and the store
 * starts empty, saying so.
 */
function load(file, log) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') return new Map();
    throw e;
  }
  try {
    const data = JSON.parse(text);
    if (!isObj(data) || data.version !== 1 || !isObj(data.sessions)) throw new Error('not a store of version 1');
    for (const [id, s] of Object.entries(data.sessions)) {
      if (!isObj(s) || !isRev(s.rev)) throw new Error(`sessions[${JSON.stringify(id)}] is not a session with a rev`);
    }
    return new Map(Object.entries(data.sessions));
  } catch (e) {
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    log(`demo store: ${file} could not be read (${e.message}); set aside as ${aside}, starting empty`);
    return new Map();
  }
}

/**
 * Opens (or creates) the store kept in `file`. Checks and changes happen in
 * one synchronous step, so a check-and-write is atomic; the file is written
 * in order, one snapshot after another, each to a temporary file renamed over
 * the last.
 */
export function openStore(file, { log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const sessions = load(file, log);
  const listeners = new Set();
  let chain = Promise.resolve();

  function persist() {
    const snapshot = JSON.stringify({ version: 1, sessions: Object.fromEntries(sessions) });
    const tmp = `${file}.tmp-${process.pid}`;
    chain = chain.catch(() => {}).then(async () => {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(tmp, snapshot);
      await rename(tmp, file);
    });
    return chain;
  }

  /** Changes one ticket, writes the file, and undoes the change if the file could not be written. */
  async function commit(id, next) {
    const before = sessions.get(id);
    if (next === undefined) sessions.delete(id);
    else sessions.set(id, next);
    try {
      await persist();
    } catch (e) {
      if (sessions.get(id) === next) {
        if (before === undefined) sessions.delete(id);
        else sessions.set(id, before);
      }
      log(`demo store: could not write ${file}: ${e.message}`);
      throw new Refusal(503, 'the demo store could not write its file; the save was not kept');
    }
  }

  function notify(event, data) {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const send of listeners) send(frame);
  }

  function stale(current, baseRev) {
    return {
      status: 409,
      body: { error: `stale write: the stored copy is at rev ${current.rev}, this one was built on rev ${baseRev}`, rev: current.rev, session: current },
    };
  }

  return {
    file,
    get: (id) => sessions.get(id) || null,
    size: () => sessions.size,
    /** Stores `session` when the stored copy is still the one it was built on (`baseRev`; 0 for none). */
    async put(id, baseRev, session, client) {
      const current = sessions.get(id);
      if (current && current.rev !== baseRev) return stale(current, baseRev);
      if (!current && sessions.size >= MAX_TICKETS) throw new Refusal(507, `the demo store holds ${MAX_TICKETS} tickets already`);
      await commit(id, session);
      notify('session', { ticket_id: id, rev: session.rev, session, client });
      return { status: 200, body: { ticket_id: id, rev: session.rev } };
    },
    /** Removes a ticket's session when the stored copy is still at `baseRev`. */
    async remove(id, baseRev, client) {
      const current = sessions.get(id);
      if (!current) return { status: 204 };
      if (current.rev !== baseRev) return stale(current, baseRev);
      await commit(id, undefined);
      notify('removed', { ticket_id: id, client });
      return { status: 204 };
    },
    async reset() {
      sessions.clear();
      await persist();
    },
    subscribe(send) {
      if (listeners.size >= MAX_LISTENERS) throw new Refusal(503, `too many open event streams (${MAX_LISTENERS})`);
      listeners.add(send);
      return () => listeners.delete(send);
    },
    /** Resolves once every write so far is in the file. */
    flush: () => chain.catch(() => {}),
    /** Deletes a leftover temporary file (tests). */
    cleanup: () => unlink(`${file}.tmp-${process.pid}`).catch(() => {}),
  };
}

// --- HTTP: the routes above, for pages of the server's own loopback origin.

const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|\[::1\])(:\d+)?$/;

/** Loopback names only (no DNS rebinding), and from a browser only pages of this very origin. */
function checkOrigin(req) {
  const host = req.headers.host || '';
  if (!LOOPBACK.test(host)) throw new Refusal(403, 'the demo store answers only on loopback addresses');
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) throw new Refusal(403, `the demo store answers only pages of http://${host}, not ${origin}`);
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new Refusal(403, `the demo store answers only pages of its own origin (this request is ${site})`);
}

function ticketOf(raw) {
  let id;
  try {
    id = decodeURIComponent(raw);
  } catch {
    throw new Refusal(400, 'the ticket id in the path is not valid percent-encoding');
  }
  if (id.length < 1 || id.length > MAX_TICKET_ID) throw new Refusal(400, `a ticket id has 1 to ${MAX_TICKET_ID} characters`);
  return id;
}

/** The request's JSON body, within the size limit. */
function readJson(req) {
  const type = (req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') return Promise.reject(new Refusal(415, 'send the body as application/json'));
  const declared = Number(req.headers['content-length']);
  if (declared > MAX_BODY) return Promise.reject(new Refusal(413, `the body is ${declared} bytes; at most ${MAX_BODY} are read`));
  return new Promise((resolve, reject) => {
    const parts = [];
    let size = 0, over = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) over = true; // keep draining, so the answer can be read
      else parts.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (over) return reject(new Refusal(413, `the body is over ${MAX_BODY} bytes`));
      try {
        resolve(JSON.parse(Buffer.concat(parts).toString('utf8')));
      } catch (e) {
        reject(new Refusal(400, `the body is not JSON: ${e.message}`));
      }
    });
  });
}

/** The checks a write's body must pass before the store looks at it. */
function checkWrite(body, id) {
  if (!isObj(body)) throw new Refusal(400, 'the body must be an object {base_rev, session}');
  if (!isRev(body.base_rev)) throw new Refusal(400, 'base_rev must be a whole number of 0 or more (0 when you had no copy)');
  const s = body.session;
  if (!isObj(s)) throw new Refusal(400, 'session must be an object');
  if (s.ticket_id !== id) throw new Refusal(400, `session.ticket_id must be ${JSON.stringify(id)}, the ticket in the path`);
  if (!isRev(s.rev)) throw new Refusal(400, 'session.rev must be a whole number of 0 or more');
  if (body.client !== undefined && (typeof body.client !== 'string' || body.client.length > MAX_CLIENT)) {
    throw new Refusal(400, `client must be a string of at most ${MAX_CLIENT} characters`);
  }
}

function send(res, status, body, extra = {}) {
  const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...extra };
  if (body === undefined) return res.writeHead(status, headers).end();
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function only(req, methods) {
  if (!methods.includes(req.method)) throw Object.assign(new Refusal(405, `use ${methods.join(' or ')} here`), { allow: methods.join(', ') });
}

function events(req, res, store) {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', Connection: 'keep-alive' });
  res.write('retry: 1000\n: connected\n\n');
  const stop = store.subscribe((frame) => res.write(frame));
  // A comment now and then keeps proxies and idle timers from closing the stream.
  const beat = setInterval(() => res.write(': still here\n\n'), 20_000);
  req.on('close', () => {
    clearInterval(beat);
    stop();
  });
}

/**
 * Answers a request under /api/ and returns true, or returns false for any
 * other path. `reset` enables POST /api/reset.
 */
export async function handleApi(req, res, url, store, { reset = false } = {}) {
  if (!url.pathname.startsWith('/api/')) return false;
  try {
    checkOrigin(req);
    const path = url.pathname.slice('/api/'.length);
    if (path === 'events') {
      only(req, ['GET']);
      events(req, res, store);
    } else if (path === 'reset' && reset) {
      only(req, ['POST']);
      await store.reset();
      send(res, 204);
    } else if (path.startsWith('sessions/') && path.length > 'sessions/'.length && !path.slice('sessions/'.length).includes('/')) {
      only(req, ['GET', 'HEAD', 'PUT', 'DELETE']);
      const id = ticketOf(path.slice('sessions/'.length));
      if (req.method === 'GET' || req.method === 'HEAD') {
        const s = store.get(id);
        send(res, 200, { ticket_id: id, rev: s ? s.rev : 0, session: s });
      } else if (req.method === 'PUT') {
        const body = await readJson(req);
        checkWrite(body, id);
        const out = await store.put(id, body.base_rev, body.session, body.client);
        send(res, out.status, out.body);
      } else {
        const base = Number(url.searchParams.get('base_rev'));
        if (!url.searchParams.has('base_rev') || !isRev(base)) throw new Refusal(400, 'say which copy you delete: ?base_rev=<its rev>');
        const out = await store.remove(id, base, url.searchParams.get('client') || undefined);
        send(res, out.status, out.body);
      }
    } else {
      throw new Refusal(404, `no such store route: ${url.pathname}`);
    }
  } catch (e) {
    if (!(e instanceof Refusal)) {
      process.stderr.write(`demo store: ${e.stack || e}\n`);
      e = new Refusal(500, 'the demo store failed on this request');
    }
    if (!res.headersSent) send(res, e.status, { error: e.message }, e.allow ? { Allow: e.allow } : {});
    else res.end();
  }
  return true;
}
