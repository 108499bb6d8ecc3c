// Host-side conformance of protocol revision 2 (the conversation and the
// draft; two agents on one ticket: base_rev, conflict, session pushes, a host
// that only acks): a host page written from the shared PROTOCOL.md alone
// (fixtures/conformance.html) runs every rule it can observe against the
// real bundle; this spec adds the two that need more than a host page: a
// foreign origin, and set_draft, which the agent triggers by taking a rewrite.
import { test, expect } from '@playwright/test';
import { HOST, WIDGET, STRANGER, PORT } from './helpers.mjs';
import { startStranger } from './fixtures/stranger-server.mjs';

let stopStranger = async () => {};
test.beforeAll(async () => { stopStranger = await startStranger(PORT); });
test.afterAll(async () => { await stopStranger(); });

test('every revision-2 rule of PROTOCOL.md holds, seen from the host', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`${HOST}/fixtures/conformance.html`);
  const report = await page.evaluate(() => window.conformance.run());
  const rules = await page.evaluate(() => window.conformance.rules);
  expect(report.map((r) => r.rule)).toEqual(rules);
  for (const r of report) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.rule}: ${String(r.detail).slice(0, 160)}`);
  expect(report.filter((r) => !r.ok)).toEqual([]);
});

test('a conversation or draft from a foreign origin is ignored without an answer', async ({ page }) => {
  await page.goto(`${HOST}/fixtures/conformance.html`);
  await page.evaluate(() => window.conformance.ready());
  await page.evaluate(() => {
    window.conformance.send('init', { ticket: { id: 'F-1' } });
  });
  await expect(page.frameLocator('#w').locator('.ta-id')).toHaveText('#F-1');
  const before = await page.evaluate(() => window.conformance.state().then((s) => JSON.stringify(s)));
  await page.evaluate((src) => new Promise((resolve) => {
    const f = document.createElement('iframe');
    f.name = 'stranger';
    f.title = 'A stranger frame';
    f.addEventListener('load', resolve);
    f.src = src;
    document.getElementById('extra').appendChild(f);
  }), `${STRANGER}/fixtures/blank.html`);
  const stranger = page.frame({ name: 'stranger' });
  expect(new URL(stranger.url()).origin).toBe(STRANGER);
  const errors = await page.evaluate(() => window.received.filter((m) => m.type === 'error').length);
  await stranger.evaluate(() => {
    const w = window.parent.frames.w;
    const env = (type, payload) => ({ protocol: 'turnaround', v: 1, type, id: 's-' + type, payload });
    const furious = 'THIS IS THE THIRD TIME YOU CHARGED ME TWICE. I WILL SUE YOU!!!';
    // '*' reaches the widget frame whatever its origin; the widget must still drop it.
    w.postMessage(env('conversation', { ticket_id: 'F-1', messages: [{ id: 's-1', from: 'customer', text: furious }] }), '*');
    w.postMessage(env('draft', { ticket_id: 'F-1', text: "Sorry, but that's our policy" }), '*');
  });
  await page.waitForTimeout(1_000);
  const after = await page.evaluate(() => window.conformance.state().then((s) => JSON.stringify(s)));
  expect(after).toBe(before);
  expect(await page.evaluate(() => window.received.filter((m) => m.type === 'error').length)).toBe(errors);
  await expect(page.frameLocator('#w').locator('.ta-draft-coach .ta-finding')).toHaveCount(0);
});

test('set_draft goes to a host that declared it, with the open ticket and the rewritten text', async ({ page }) => {
  await page.goto(`${HOST}/fixtures/conformance.html`);
  await page.evaluate(() => window.conformance.ready());
  await page.evaluate(() => window.conformance.send('init', { ticket: { id: 'S-1' }, capabilities: { set_draft: true } }));
  const frame = page.frameLocator('#w');
  await expect(frame.locator('.ta-id')).toHaveText('#S-1');
  await page.evaluate(() => window.conformance.send('draft', { ticket_id: 'S-1', text: "Sorry, but that's our policy" }));
  const row = frame.locator('.ta-draft-coach .ta-finding[data-code="but_apology"]');
  await row.getByRole('button', { name: /^Use this/ }).click();
  await expect.poll(() => page.evaluate(() => window.received.filter((m) => m.type === 'set_draft').length)).toBe(1);
  const [m] = await page.evaluate(() => window.received.filter((x) => x.type === 'set_draft'));
  expect(m).toMatchObject({ protocol: 'turnaround', v: 1, type: 'set_draft', payload: { ticket_id: 'S-1' } });
  expect(m.id).toMatch(/^.{1,64}$/);
  expect(typeof m.payload.text).toBe('string');
  expect(m.payload.text.toLowerCase()).not.toContain('sorry, but');
  // Without the capability (a new init says nothing of set_draft), nothing is sent.
  await page.evaluate(() => window.conformance.send('init', { ticket: { id: 'S-2' } }));
  await expect(frame.locator('.ta-id')).toHaveText('#S-2');
  await page.evaluate(() => window.conformance.send('draft', { ticket_id: 'S-2', text: "Sorry, but that's our policy" }));
  await frame.locator('.ta-draft-coach .ta-finding[data-code="but_apology"]').getByRole('button', { name: /^Copy this/ }).click();
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.received.filter((m) => m.type === 'set_draft').length)).toBe(1);
});
