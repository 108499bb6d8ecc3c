// The host protocol (PROTOCOL.md), end to end, against a raw host page that
// speaks it by hand (tests/e2e/fixtures/host.html, on 127.0.0.1) with the
// widget on another origin (localhost). No embed.js here: these tests hold
// the widget to the contract itself. Time-based rules (ready every second,
// retries every 2 s) run on Playwright's fake clock, which drives every frame.
import { test, expect } from '@playwright/test';
import { HOST, WIDGET, STRANGER, PORT, watchPage } from './helpers.mjs';
import { startStranger } from './fixtures/stranger-server.mjs';

let stopStranger = async () => {};
test.beforeAll(async () => { stopStranger = await startStranger(PORT); });
test.afterAll(async () => { await stopStranger(); });

/** Opens the raw host page and waits for the widget's first `ready`. */
async function openHost(page, query = '') {
  await page.goto(`${HOST}/fixtures/host.html${query}`);
  await page.waitForFunction(() => window.fromWidget('ready').length > 0);
  return page.frameLocator('#w');
}

const fromWidget = (page, type) => page.evaluate((t) => window.fromWidget(t), type);
const allReceived = (page) => page.evaluate(() => window.received);

/** Sends init for a ticket and waits until the sidebar shows it. */
async function open(page, frame, id, more) {
  await page.evaluate(([i, m]) => window.init(i, m), [id, more || {}]);
  await expect(frame.locator('.ta-id')).toHaveText(`#${id}`);
  await expect(frame.locator('#ta-step-title')).toBeVisible();
}

/** Waits for the first save from the widget for which `pred(save)` holds. */
async function waitForSave(page, pred = () => true) {
  let found;
  await expect.poll(async () => {
    found = (await fromWidget(page, 'save')).find(pred);
    return Boolean(found);
  }, { message: 'a save from the widget' }).toBe(true);
  return found;
}

/** Acks every save received so far. */
const ackAll = (page) => page.evaluate(() => window.fromWidget('save').forEach((s) => window.ack(s.id)));

const stepBox = (frame, n) => frame.getByRole('checkbox', { name: new RegExp(`^Step ${n}:`) });

test.describe('handshake', () => {
  test('ready names the widget, its version and protocols [1], repeats once a second, and stops at init', async ({ page }) => {
    const watch = watchPage(page);
    await page.clock.install();
    const frame = await openHost(page);
    const [first] = await fromWidget(page, 'ready');
    expect(first).toMatchObject({ protocol: 'turnaround', v: 1, type: 'ready', payload: { widget: 'turnaround', protocols: [1] } });
    expect(first.payload.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(first.id).toMatch(/^.{1,64}$/);
    await expect(frame.getByText('Waiting for the helpdesk to open a ticket')).toBeVisible();

    // Once a second: each second of (fake) time brings exactly one more.
    const count = async () => (await fromWidget(page, 'ready')).length;
    const start = await count();
    for (let i = 1; i <= 3; i++) {
      await page.clock.runFor(1_000);
      await expect.poll(count).toBe(start + i);
    }

    await open(page, frame, 'H-1');
    const atInit = (await fromWidget(page, 'ready')).length;
    await page.clock.runFor(5_000);
    expect((await fromWidget(page, 'ready')).length).toBe(atInit);
    watch.check();
  });

  test('without an init, ready is sent at most 30 times', async ({ page }) => {
    await page.clock.install();
    await openHost(page);
    await page.clock.runFor(45_000);
    await page.waitForTimeout(200);
    expect((await fromWidget(page, 'ready')).length).toBe(30);
  });

  test('init opens the ticket with the host\'s context, rendered as text', async ({ page }) => {
    const frame = await openHost(page);
    await open(page, frame, 'H-2', {
      ticket: { id: 'H-2', subject: 'Charged twice <img src=x onerror=alert(1)>', customer: { id: 'c-9', name: 'Dana <b>Reyes</b>', email: 'dana@example.com' } },
      agent: { name: 'Sam Okafor' }, company: 'Acme', channel: 'email', theme: 'dark',
    });
    await expect(frame.locator('.ta-title')).toHaveText('Charged twice <img src=x onerror=alert(1)>');
    await expect(frame.locator('.ta-sub')).toContainText('Dana <b>Reyes</b>');
    await expect(frame.locator('.ta-title img, .ta-sub b')).toHaveCount(0);
    await expect(frame.getByRole('radio', { name: 'Email' })).toHaveAttribute('aria-checked', 'true');
    await expect(frame.locator('html')).toHaveAttribute('data-theme', 'dark');
  });
});

test.describe('save and ack', () => {
  test('a change is saved to the host with rev and the whole session; an ack confirms it and stops the resends', async ({ page }) => {
    await page.clock.install();
    const frame = await openHost(page);
    await open(page, frame, 'S-1');
    // The opening save (the host had no copy) is confirmed first.
    await waitForSave(page);
    await ackAll(page);
    await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();
    const before = (await fromWidget(page, 'save')).length;

    await stepBox(frame, 1).check();
    const save = await waitForSave(page, (s) => s.payload.session.steps.some((x) => x.done));
    const n = await frame.locator('input[id^="ta-check-"]').count();
    expect(save).toMatchObject({ protocol: 'turnaround', v: 1, type: 'save', payload: { ticket_id: 'S-1' } });
    expect(Number.isInteger(save.payload.rev)).toBe(true);
    const s = save.payload.session;
    expect(s.schema).toBe(1);
    expect(s.ticket_id).toBe('S-1');
    expect(s.rev).toBe(save.payload.rev);
    expect(s.steps).toHaveLength(n);
    expect(s.steps[0]).toMatchObject({ done: true });
    expect(s.steps[0].done_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(s.steps.slice(1).every((x) => x.done === false && x.done_at === null)).toBe(true);
    expect((await fromWidget(page, 'save')).length).toBe(before + 1);

    await page.evaluate((id) => window.ack(id), save.id);
    await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();
    await page.clock.runFor(15_000);
    await page.waitForTimeout(200);
    expect((await fromWidget(page, 'save')).length).toBe(before + 1);
  });

  test('ack withheld: resent up to 5 times with the newest state, then "not confirmed"; a later change tries again', async ({ page }) => {
    await page.clock.install();
    const frame = await openHost(page);
    await open(page, frame, 'S-2');
    await waitForSave(page);
    await ackAll(page);
    await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();

    await stepBox(frame, 1).check();
    const first = await waitForSave(page, (s) => s.payload.session.steps[0].done);
    await page.clock.runFor(2_100); // one resend of that state
    await stepBox(frame, 2).check(); // a newer state while retrying
    const newest = await waitForSave(page, (s) => s.payload.session.steps[1].done);
    expect(newest.payload.rev).toBeGreaterThan(first.payload.rev);
    for (let i = 0; i < 8; i++) await page.clock.runFor(2_100);
    await page.waitForTimeout(200);

    const ofNewest = (await fromWidget(page, 'save')).filter((s) => s.payload.rev === newest.payload.rev);
    expect(ofNewest).toHaveLength(6); // the first send and 5 resends
    expect(new Set(ofNewest.map((s) => s.id)).size).toBe(6);
    for (const s of ofNewest) expect(s.payload.session.steps.slice(0, 2).map((x) => x.done)).toEqual([true, true]);
    expect((await fromWidget(page, 'save')).some((s) => s.payload.rev > newest.payload.rev)).toBe(false);
    await expect(frame.locator('[data-sync="unconfirmed"]')).toBeVisible();
    await expect(frame.getByRole('status')).toContainText('The helpdesk has not confirmed the save');
    await expect(stepBox(frame, 2)).toBeChecked(); // the local copy is kept

    // Nothing more until the next change; then it tries again and an ack confirms.
    const count = (await fromWidget(page, 'save')).length;
    await page.clock.runFor(20_000);
    expect((await fromWidget(page, 'save')).length).toBe(count);
    await stepBox(frame, 3).check();
    const retry = await waitForSave(page, (s) => s.payload.session.steps[2].done);
    await expect(frame.locator('[data-sync="unconfirmed"]')).toHaveCount(0);
    await page.evaluate((id) => window.ack(id), retry.id);
    await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();
  });

  test('request_state is answered with a save that names the request', async ({ page }) => {
    const frame = await openHost(page, '?autoack=1');
    await open(page, frame, 'R-1');
    await stepBox(frame, 1).check();
    const changed = await waitForSave(page, (s) => s.payload.session.steps[0].done);
    await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();
    const id = await page.evaluate(() => { const m = window.envelope('request_state', {}); window.send(m); return m.id; });
    const answer = await waitForSave(page, (s) => s.re === id);
    expect(answer.payload).toMatchObject({ ticket_id: 'R-1', rev: changed.payload.rev });
    expect(answer.payload.session.steps[0].done).toBe(true);
  });
});

test.describe('errors', () => {
  /** Opens a ticket with step 1 checked and confirmed: the state nothing invalid may touch. */
  async function settled(page) {
    const frame = await openHost(page, '?autoack=1');
    await open(page, frame, 'E-1', { ticket: { id: 'E-1', subject: 'Before', customer: { name: 'Kept Customer' } } });
    await stepBox(frame, 1).check();
    await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();
    return frame;
  }

  /** Sends each message and expects one error answer each, with that code and re. */
  async function expectErrors(page, frame, cases) {
    const savesBefore = (await fromWidget(page, 'save')).length;
    for (const [label, msg, code, re] of cases) {
      const errorsBefore = (await fromWidget(page, 'error')).length;
      await page.evaluate((m) => window.send(m), msg);
      await page.waitForFunction((n) => window.fromWidget('error').length > n, errorsBefore);
      const errors = await fromWidget(page, 'error');
      expect(errors.length, label).toBe(errorsBefore + 1);
      const err = errors[errors.length - 1];
      expect(err.payload.code, label).toBe(code);
      expect(typeof err.payload.message, label).toBe('string');
      expect(err.payload.message.length, label).toBeGreaterThan(0);
      expect(err.payload.re, label).toBe(re);
      expect(err.re, label).toBe(re);
    }
    // Nothing changed: same ticket, same check-offs, nothing saved.
    await page.waitForTimeout(600);
    await expect(frame.locator('.ta-title')).toHaveText('Before');
    await expect(frame.locator('.ta-id')).toHaveText('#E-1');
    await expect(stepBox(frame, 1)).toBeChecked();
    await expect(frame.getByRole('status')).toContainText('1 of');
    expect((await fromWidget(page, 'save')).length).toBe(savesBefore);
  }

  const env = (type, payload, extra = {}) => ({ protocol: 'turnaround', v: 1, type, id: extra.id || `x-${type}`, payload, ...extra });
  const ticket = (id) => ({ ticket: { id, subject: 'After', customer: { name: 'Intruder' } } });

  test('bad_message: not an object, missing fields, wrong types, a bad ticket id', async ({ page }) => {
    const frame = await settled(page);
    await expectErrors(page, frame, [
      ['a string', 'init E-2', 'bad_message', undefined],
      ['a JSON string of a valid message', JSON.stringify(env('init', ticket('E-2'))), 'bad_message', undefined],
      ['an array', [1, 2, 3], 'bad_message', undefined],
      ['null', null, 'bad_message', undefined],
      ['a number', 42, 'bad_message', undefined],
      ['no protocol', { v: 1, type: 'init', id: 'm-1', payload: ticket('E-2') }, 'bad_message', 'm-1'],
      ['another protocol', { protocol: 'other', v: 1, type: 'init', id: 'm-2', payload: ticket('E-2') }, 'bad_message', 'm-2'],
      ['no payload', { protocol: 'turnaround', v: 1, type: 'init', id: 'm-3' }, 'bad_message', 'm-3'],
      ['payload not an object', env('init', 'E-2', { id: 'm-4' }), 'bad_message', 'm-4'],
      ['no id', { protocol: 'turnaround', v: 1, type: 'init', payload: ticket('E-2') }, 'bad_message', undefined],
      ['an id over 64 characters', env('init', ticket('E-2'), { id: 'i'.repeat(65) }), 'bad_message', undefined],
      ['no type', { protocol: 'turnaround', v: 1, id: 'm-5', payload: ticket('E-2') }, 'bad_message', 'm-5'],
      ['v as a string', env('init', ticket('E-2'), { id: 'm-6', v: '1' }), 'bad_message', 'm-6'],
      ['no ticket', env('init', { agent: { name: 'X' } }, { id: 'm-7' }), 'bad_message', 'm-7'],
      ['ticket id a number', env('init', { ticket: { id: 4711 } }, { id: 'm-8' }), 'bad_message', 'm-8'],
      ['empty ticket id', env('init', { ticket: { id: '' } }, { id: 'm-9' }), 'bad_message', 'm-9'],
      ['ticket id over 128 characters', env('init', { ticket: { id: 't'.repeat(129) } }, { id: 'm-10' }), 'bad_message', 'm-10'],
      ['subject a number', env('init', { ticket: { id: 'E-2', subject: 7 } }, { id: 'm-11' }), 'bad_message', 'm-11'],
      ['customer a string', env('init', { ticket: { id: 'E-2', customer: 'Dana' } }, { id: 'm-12' }), 'bad_message', 'm-12'],
      ['agent a string', env('init', { ...ticket('E-2'), agent: 'Sam' }, { id: 'm-13' }), 'bad_message', 'm-13'],
      ['unknown channel', env('init', { ...ticket('E-2'), channel: 'fax' }, { id: 'm-14' }), 'bad_message', 'm-14'],
      ['unknown theme', env('init', { ...ticket('E-2'), theme: 'neon' }, { id: 'm-15' }), 'bad_message', 'm-15'],
      ['capabilities.insert_text a string', env('init', { ...ticket('E-2'), capabilities: { insert_text: 'no' } }, { id: 'm-16' }), 'bad_message', 'm-16'],
      ['a session of another ticket', env('init', { ...ticket('E-2'), session: { schema: 1, ticket_id: 'E-3', playbook: 'laptop', rev: 1, steps: [] } }, { id: 'm-17' }), 'bad_message', 'm-17'],
      ['a session of a future schema', env('init', { ...ticket('E-2'), session: { schema: 99, ticket_id: 'E-2' } }, { id: 'm-18' }), 'bad_message', 'm-18'],
      ['an ack without re', env('ack', {}, { id: 'm-19' }), 'bad_message', 'm-19'],
      ['re a number', env('request_state', {}, { id: 'm-20', re: 5 }), 'bad_message', 'm-20'],
    ]);
  });

  test('unknown_type, unsupported_version and too_large, each naming the message', async ({ page }) => {
    const frame = await settled(page);
    const huge = 'x'.repeat(1024 * 1024 + 10);
    await expectErrors(page, frame, [
      ['unknown type', env('delete_everything', {}, { id: 'u-1' }), 'unknown_type', 'u-1'],
      ['a widget-only type sent by the host', env('save', { ticket_id: 'E-1', rev: 99, session: {} }, { id: 'u-2' }), 'unknown_type', 'u-2'],
      ['version 2', env('init', ticket('E-2'), { id: 'u-3', v: 2 }), 'unsupported_version', 'u-3'],
      ['over 1 MiB', env('init', { ticket: { id: 'E-2', subject: huge } }, { id: 'u-4' }), 'too_large', 'u-4'],
      ['over 1 MiB in a plain string', huge, 'too_large', undefined],
    ]);
  });
});

test.describe('who may talk to the widget', () => {
  /** Posts `msg` into the widget frame (named "w" in the host page) from another frame. */
  async function postFrom(frame, msg) {
    await frame.evaluate(([m, target]) => window.parent.frames.w.postMessage(m, target), [msg, WIDGET]);
  }

  async function expectIgnored(page, frame, poster) {
    const before = (await allReceived(page)).length;
    const ignored = [
      { protocol: 'turnaround', v: 1, type: 'init', id: 'evil-1', payload: { ticket: { id: 'EVIL', subject: 'Hijacked' } } },
      { protocol: 'turnaround', v: 1, type: 'request_state', id: 'evil-2', payload: {} },
      { protocol: 'turnaround', v: 1, type: 'nonsense', id: 'evil-3', payload: {} },
      'not even an object',
    ];
    for (const m of ignored) await postFrom(poster, m);
    await page.waitForTimeout(1_500);
    // No answer of any kind, and no change.
    expect((await allReceived(page)).slice(before)).toEqual([]);
    await expect(frame.locator('.ta-id')).toHaveText('#O-1');
    await expect(frame.locator('.ta-title')).toHaveText('Ticket O-1');
    await expect(stepBox(frame, 1)).toBeChecked();
  }

  test('messages from a frame on a third origin are ignored', async ({ page }) => {
    const frame = await openHost(page, '?autoack=1');
    await open(page, frame, 'O-1');
    await stepBox(frame, 1).check();
    await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();
    await page.evaluate((src) => window.addFrame(src, 'stranger'), `${STRANGER}/fixtures/blank.html`);
    const stranger = page.frame({ name: 'stranger' });
    expect(new URL(stranger.url()).origin).toBe(STRANGER);
    await expectIgnored(page, frame, stranger);
  });

  test('messages from a sibling frame on the host origin (not the parent) are ignored', async ({ page }) => {
    const frame = await openHost(page, '?autoack=1');
    await open(page, frame, 'O-1');
    await stepBox(frame, 1).check();
    await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();
    await page.evaluate((src) => window.addFrame(src, 'sibling'), `${HOST}/fixtures/blank.html`);
    const sibling = page.frame({ name: 'sibling' });
    expect(new URL(sibling.url()).origin).toBe(HOST);
    await expectIgnored(page, frame, sibling);
  });

  test('a page on another origin that embeds the widget with host=<the helpdesk> gets nothing and opens nothing', async ({ page }) => {
    await page.clock.install();
    await page.goto(`${STRANGER}/fixtures/host.html?host=${encodeURIComponent(HOST)}`);
    const frame = page.frameLocator('#w');
    await expect(frame.getByText('Waiting for the helpdesk to open a ticket')).toBeVisible();
    await page.clock.runFor(3_000);
    await page.evaluate(() => { window.init('STOLEN'); window.send(window.envelope('request_state', {})); window.send('bad'); });
    await page.clock.runFor(3_000);
    await page.waitForTimeout(300);
    // The widget posts only to the host origin: not one message reached this page.
    expect(await allReceived(page)).toEqual([]);
    await expect(frame.getByText('Waiting for the helpdesk to open a ticket')).toBeVisible();
    await expect(frame.locator('.ta-id')).toHaveCount(0);
  });

  test('every message comes from the widget frame and origin', async ({ page }) => {
    const frame = await openHost(page, '?autoack=1');
    await open(page, frame, 'O-2');
    await stepBox(frame, 1).check();
    await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();
    const all = await allReceived(page);
    expect(all.length).toBeGreaterThan(2);
    for (const r of all) {
      expect(r.origin).toBe(WIDGET);
      expect(r.fromWidget).toBe(true);
      expect(r.data).toMatchObject({ protocol: 'turnaround', v: 1 });
      expect(typeof r.data.id).toBe('string');
    }
  });
});

test.describe('tickets and reloads', () => {
  test('a second init switches tickets: the new ticket\'s state, the old one kept', async ({ page }) => {
    const frame = await openHost(page, '?autoack=1');
    await open(page, frame, 'A-1');
    await stepBox(frame, 1).check();
    await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();

    await open(page, frame, 'B-1');
    await expect(stepBox(frame, 1)).not.toBeChecked();
    await expect(frame.getByRole('status')).toContainText('0 of');
    await stepBox(frame, 2).check();
    await expect(frame.getByRole('status')).toContainText('1 of');

    // Back to A, with the helpdesk's stored copy, as a host would.
    await open(page, frame, 'A-1', { session: await page.evaluate(() => window.store['A-1']) });
    await expect(stepBox(frame, 1)).toBeChecked();
    await expect(stepBox(frame, 2)).not.toBeChecked();
    // And to B without a copy: the sidebar still has B's own.
    await open(page, frame, 'B-1', { session: null });
    await expect(stepBox(frame, 2)).toBeChecked();
    await expect(stepBox(frame, 1)).not.toBeChecked();
  });

  // WIDGET BUG (Rust, src/ui/app.rs): on a second init the Open, SetContext and
  // Claim dispatches coalesce into one render whose origin is Local, so
  // Bridge::switch_ticket never runs; SaveSync keeps the previous ticket's acked
  // rev and drops every save of the new ticket until its rev exceeds it, while
  // the status says "Saved here and in the helpdesk".
  test('after a ticket switch, the new ticket\'s changes reach the host (and nothing claims they did before)', async ({ page }) => {
    const frame = await openHost(page, '?autoack=1');
    await open(page, frame, 'A-2');
    await stepBox(frame, 1).check();
    await stepBox(frame, 2).check();
    await waitForSave(page, (s) => s.payload.ticket_id === 'A-2' && s.payload.session.steps[1].done);
    await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();

    await open(page, frame, 'B-2');
    // The opening save of the new ticket (the host sent no copy).
    await waitForSave(page, (s) => s.payload.ticket_id === 'B-2');
    await stepBox(frame, 3).check();
    const saveB = await waitForSave(page, (s) => s.payload.ticket_id === 'B-2' && s.payload.session.steps[2].done);
    expect(saveB.payload.session.steps.slice(0, 2).map((x) => x.done)).toEqual([false, false]);
    await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();
    expect(await page.evaluate(() => window.store['B-2'].steps[2].done)).toBe(true);
  });

  test('after a reload the host\'s copy restores the ticket, and the higher rev wins', async ({ page }) => {
    let frame = await openHost(page, '?autoack=1');
    await open(page, frame, 'L-1');
    await stepBox(frame, 1).check();
    await stepBox(frame, 2).check();
    await waitForSave(page, (s) => s.payload.session.steps[1].done);
    await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();
    const stored = await page.evaluate(() => window.store['L-1']);
    expect(stored.steps.slice(0, 2).map((s) => s.done)).toEqual([true, true]);

    // The helpdesk's copy moved on elsewhere (another agent checked step 3): higher rev.
    const newer = structuredClone(stored);
    newer.rev = stored.rev + 3;
    newer.steps[2].done = true;
    newer.steps[2].done_at = newer.updated_at;
    await page.reload();
    await page.waitForFunction(() => window.fromWidget('ready').length > 0);
    frame = page.frameLocator('#w');
    await open(page, frame, 'L-1', { session: newer });
    for (const n of [1, 2, 3]) await expect(stepBox(frame, n)).toBeChecked();
    await expect(frame.getByRole('status')).toContainText('3 of');
  });

  test('after a reload an older host copy loses to a newer local copy (where the sidebar has storage)', async ({ page }) => {
    let frame = await openHost(page, '?autoack=1');
    await open(page, frame, 'L-2');
    await stepBox(frame, 1).check();
    const older = (await waitForSave(page, (s) => s.payload.session.steps[0].done)).payload.session;
    await stepBox(frame, 2).check();
    await waitForSave(page, (s) => s.payload.session.steps[1].done);
    await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();

    await page.reload();
    await page.waitForFunction(() => window.fromWidget('ready').length > 0);
    frame = page.frameLocator('#w');
    await open(page, frame, 'L-2', { session: older });
    await expect(stepBox(frame, 1)).toBeChecked();
    if (test.info().project.name === 'partitioned') {
      // The sidebar's own copy (rev higher) wins and is sent to the host.
      await expect(stepBox(frame, 2)).toBeChecked();
      const resent = await waitForSave(page, (s) => s.payload.ticket_id === 'L-2' && s.payload.rev > older.rev && s.payload.session.steps[1].done);
      expect(resent.payload.rev).toBeGreaterThan(older.rev);
    } else {
      // Storage is blocked in this third-party frame: the host's copy is all there is.
      await expect(stepBox(frame, 2)).not.toBeChecked();
      await expect(frame.getByText(/storage is blocked/i).first()).toBeVisible();
    }
  });
});

test('resize messages carry an integer height', async ({ page }) => {
  const frame = await openHost(page, '?autoack=1');
  await open(page, frame, 'Z-1');
  await page.waitForFunction(() => window.fromWidget('resize').length > 0);
  const sizes = await fromWidget(page, 'resize');
  for (const r of sizes) {
    expect(Number.isInteger(r.payload.height)).toBe(true);
    expect(r.payload.height).toBeGreaterThan(0);
  }
  // The opened ticket is taller than the waiting screen.
  expect(Math.max(...sizes.map((r) => r.payload.height))).toBeGreaterThan(300);
});
