// A store at scale: N stored sessions with service alerts, varied customers,
// plus the index record, in the formats of src/core/store.rs and
// src/core/session.rs (schema 1). Deterministic (a fixed PRNG seed), so runs
// compare. Index entries are built exactly as `IndexEntry::of` builds them
// (the alert's Markdown as `alert_markdown` writes it), so opening a stored
// ticket finds its index line unchanged, as it would in real use.

import { readFileSync } from 'node:fs';

export const SESSION_PREFIX = 'turnaround.session.';
export const INDEX_KEY = 'turnaround.index';

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dev', 'Emeka', 'Fatima', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kofi', 'Lena', 'Mateo', 'Nour', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Vik', 'Wen', 'Yusuf', 'Zoe'];
const LAST = ['Alvarez', 'Brennan', 'Chen', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jansen', 'Kowalski', 'Larsen', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Rossi', 'Silva', 'Tanaka', 'Weber'];
const PRODUCTS = ['router', 'boiler service', 'broadband line', 'invoice', 'laptop repair', 'meter reading', 'delivery', 'refund', 'subscription', 'engineer visit', 'firmware update', 'courier pickup'];
const WHAT = ['arrived broken', 'was billed twice', 'never happened', 'was promised a callback that never came', 'failed again after the fix', 'was cancelled without notice', 'was charged a fee nobody mentioned', 'took three weeks instead of three days'];
const CAUSES = ['a stock system showing items that were not in the warehouse', 'a billing run that retried after a timeout', 'a calendar sync that dropped visits booked on mobile', 'a supplier batch with a faulty power unit', 'a handover with no named owner', 'a template promising a 24 hour reply we cannot keep'];
const FIXES = ['refunded in full and apologised by phone', 'sent a replacement by next-day courier', 'booked a senior engineer for the first slot', 'credited one month and waived the fee', 'called back the same afternoon with a named owner'];
const PREVENT = ['alert on double charges before the run closes', 'name an owner on every handover', 'check stock before confirming a date', 'remove the 24 hour promise from the template', 'add the faulty batch to the recall list'];

/** A small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** RFC 3339 in UTC as Timestamp's Display writes it (whole seconds: no fraction). */
function stamp(ms) {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Mirrors export.rs md_inline (the generated text avoids most of these anyway). */
function mdInline(s) {
  let out = '';
  for (const c of s) {
    if ('\\*_`[]<>#|'.includes(c)) out += '\\';
    out += c === '\n' ? ' ' : c;
  }
  return out;
}

const LABELS = [
  ['problem', 'Problem'], ['timeline', 'Timeline'], ['root_cause', 'Root cause'], ['immediate_fix', 'Immediate fix'],
  ['prevention_ours', 'Prevention on our side'], ['prevention_customer', "Prevention on the customer's side"], ['owner', 'Owner'],
];

/** Mirrors export.rs alert_markdown for sessions without advisor, worksheet or follow-ups. */
function alertMarkdown(s) {
  const title = s.subject ? `${s.subject} (ticket ${s.ticket_id})` : `ticket ${s.ticket_id}`;
  let out = `## Service alert: ${mdInline(title)}\n`;
  if (s.customer) {
    const who = [s.customer.name, s.customer.email].filter((x) => x).join(', ');
    if (who) out += `\n**Customer:** ${mdInline(who)}\n`;
  }
  for (const [key, label] of LABELS) {
    const text = (s.alert[key] || '').trim();
    if (text) out += `\n**${label}:** ${text}\n`;
  }
  return out;
}

/**
 * Returns { entries: [[key, value], …], tickets: [ids], sample: an id with a
 * customer who has several tickets, bytes: total UTF-16 units }.
 */
export function seedStore(count, playbookPath = 'static/playbooks/turnaround.json', seed = 8) {
  const playbook = JSON.parse(readFileSync(playbookPath, 'utf8'));
  const stepIds = playbook.steps.map((s) => s.id);
  const r = rng(seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const customers = Array.from({ length: Math.max(1, Math.floor(count / 4)) }, (_, i) => {
    const name = `${pick(FIRST)} ${pick(LAST)}`;
    return { id: `cust-${10000 + i}`, name, email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${i}@example.com` };
  });
  const start = Date.UTC(2026, 0, 5, 9, 0, 0);
  const entries = [];
  const index = [];
  const tickets = [];
  for (let i = 0; i < count; i++) {
    const ticket = String(50000 + i);
    const customer = pick(customers);
    const product = pick(PRODUCTS);
    const created = start + i * 3 * 3600_000 + Math.floor(r() * 3600) * 1000;
    const done = 1 + Math.floor(r() * stepIds.length);
    let t = created;
    const steps = stepIds.map((id, k) => {
      const isDone = k < done;
      if (isDone) t += 60_000 + Math.floor(r() * 600) * 1000;
      return { id, done: isDone, done_at: isDone ? stamp(t) : null, note: isDone && r() < 0.4 ? `Customer said the ${product} ${pick(WHAT)}.` : '' };
    });
    const updated = t + 60_000;
    const owner = `${pick(FIRST)} ${pick(LAST)}`;
    const alert = {
      problem: `The ${product} ${pick(WHAT)}.`,
      timeline: `${stamp(created).slice(0, 10)} ticket opened. Next day escalated to ${owner}.`,
      root_cause: `Most likely ${pick(CAUSES)}.`,
      immediate_fix: `We ${pick(FIXES)}.`,
      prevention_ours: `${pick(PREVENT)}.`,
      owner,
    };
    const session = {
      schema: 1,
      ticket_id: ticket,
      playbook: playbook.id,
      rev: 3 + done * 2,
      created_at: stamp(created),
      updated_at: stamp(updated),
      steps,
      focus: stepIds[Math.min(done, stepIds.length - 1)],
      customer,
      subject: `Complaint about the ${product}`,
      owner,
      alert,
    };
    entries.push([SESSION_PREFIX + ticket, JSON.stringify(session)]);
    tickets.push(ticket);
    const e = { ticket_id: ticket };
    if (customer.id) e.customer_id = customer.id;
    if (customer.email) e.customer_email = customer.email.toLowerCase();
    if (customer.name) e.customer_name = customer.name;
    if (session.subject) e.subject = session.subject;
    Object.assign(e, { playbook: playbook.id, updated_at: session.updated_at, done, total: stepIds.length, alert: alertMarkdown(session) });
    index.push(e);
  }
  entries.push([INDEX_KEY, JSON.stringify({ schema: 1, entries: index })]);
  const units = entries.reduce((n, [k, v]) => n + k.length + v.length, 0);
  // A ticket in the middle whose customer has earlier tickets (history shows them).
  const sample = tickets[Math.floor(count / 2)];
  return { entries, tickets, sample, units, indexChars: entries.at(-1)[1].length, products: PRODUCTS };
}

/** In page: writes the seeded records into localStorage (clears it first). */
export function writeSeed(entries) {
  localStorage.clear();
  let n = 0;
  try {
    for (const [k, v] of entries) { localStorage.setItem(k, v); n++; }
  } catch (e) {
    return { n, error: `${e.name}: ${e.message}` };
  }
  return { n, error: null };
}
