// Two agents on one ticket, for real: two browser contexts (separate storage,
// as two machines) open the demo helpdesk on the same ticket, and the demo
// server's shared store (scripts/demo-store.mjs) is the only thing between
// them. Nothing either agent does is lost, a stale save is refused with 409
// and merged, and a change pushed from one window shows in the other with a
// sentence that says what came in and from whom.
import { test, expect } from '@playwright/test';
import { HOST, openDemo, watchPage, resetDemoStore } from './helpers.mjs';

test.beforeEach(resetDemoStore);

const TICKET = '4711';
const stepBox = (frame, n) => frame.getByRole('checkbox', { name: new RegExp(`^Step ${n}:`) });
// Nothing unconfirmed: saved and acked, or nothing to save (opened on the stored copy as it is).
const settled = (frame) => frame.locator('[data-sync="confirmed"], [data-sync="idle"]');
const isSave = (r) => r.url().endsWith(`/api/sessions/${TICKET}`) && r.request().method() === 'PUT';

/** The ticket's session as the shared store holds it. */
async function stored(request) {
  const r = await request.get(`${HOST}/api/sessions/${TICKET}`);
  expect(r.status()).toBe(200);
  return (await r.json()).session;
}

/**
 * One agent at their own machine: a fresh browser context, the demo signed
 * in as `name`, on the ticket, with nothing unconfirmed. `deaf`: no push
 * reaches this window (its event stream is refused), so it works without
 * having seen the other's changes, as with a slow network.
 */
async function agent(browser, name, { deaf = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (deaf) await context.route('**/api/events', (route) => route.abort());
  const page = await context.newPage();
  const watch = watchPage(page);
  const saves = [];
  page.on('request', (r) => { if (r.url().endsWith(`/api/sessions/${TICKET}`) && r.method() === 'PUT') saves.push(r.postDataJSON()); });
  const frame = await openDemo(page, `?ticket=${TICKET}&agent=${encodeURIComponent(name)}`);
  await expect(settled(frame)).toBeVisible();
  if (!deaf) await expect(page.locator('#store-live')).toHaveText('Changes from other windows arrive live.');
  return { context, page, frame, saves, watch, close: () => context.close() };
}

/** A step's title as the checklist names it ("Step 2: Thank them — not done" → "Thank them"). */
async function titleOf(frame, n) {
  const label = await stepBox(frame, n).evaluate((el) => el.labels[0]?.textContent || el.getAttribute('aria-label') || '');
  return label.replace(/^\s*Step \d+:\s*/, '').replace(/\s+—.*$/, '').trim();
}

test('notes written on the same step by both agents are both in the stored copy', async ({ browser, request }) => {
  const sam = await agent(browser, 'Sam Okafor');
  const ana = await agent(browser, 'Ana Silva', { deaf: true });
  const title = (await sam.frame.locator('#ta-step-title').textContent()).trim();

  await sam.frame.locator('.ta-note').fill('Sam: wants a call back before noon');
  await expect.poll(async () => (await stored(request)).steps[0].note).toContain('Sam: wants a call back before noon');

  // Ana has not seen Sam's note: her save is built on the older copy.
  const refused = ana.page.waitForResponse((r) => isSave(r) && r.status() === 409);
  await ana.frame.locator('.ta-note').fill('Ana: charged twice in October');
  await refused;
  await expect.poll(async () => (await stored(request)).steps[0].note).toContain('Ana: charged twice in October');
  expect((await stored(request)).steps[0].note).toContain('Sam: wants a call back before noon');

  // Ana's sidebar shows both texts and says whose came in.
  await expect(ana.frame.locator('.ta-note')).toHaveValue(/Sam: wants a call back before noon/);
  await expect(ana.frame.locator('.ta-notices')).toContainText(`Sam Okafor added a note to “${title}”`);
  // Sam's sidebar gets Ana's merge pushed.
  await expect(sam.frame.locator('.ta-note')).toHaveValue(/Ana: charged twice in October/);
  await expect(sam.frame.locator('.ta-notices')).toContainText(`Ana Silva added a note to “${title}”`);
  await expect(sam.frame.locator('[data-sync="confirmed"]')).toBeVisible();
  await expect(ana.frame.locator('[data-sync="confirmed"]')).toBeVisible();
  sam.watch.check();
  ana.watch.check();
  await sam.close();
  await ana.close();
});

test('check-offs made by each agent without seeing the other are both kept', async ({ browser, request }) => {
  const sam = await agent(browser, 'Sam Okafor', { deaf: true });
  const ana = await agent(browser, 'Ana Silva', { deaf: true });
  await stepBox(sam.frame, 1).check();
  await expect.poll(async () => (await stored(request)).steps[0].done).toBe(true);
  await stepBox(ana.frame, 2).check();
  await expect.poll(async () => (await stored(request)).steps.slice(0, 2).map((s) => s.done)).toEqual([true, true]);
  // Ana's sidebar took Sam's check-off from the refused save's answer.
  await expect(stepBox(ana.frame, 1)).toBeChecked();
  await expect(stepBox(ana.frame, 2)).toBeChecked();
  await expect(ana.frame.locator('[data-sync="confirmed"]')).toBeVisible();
  await sam.close();
  await ana.close();
});

test('a change saved in one window shows in the other with a sentence, and costs that one no save', async ({ browser, request }) => {
  const sam = await agent(browser, 'Sam Okafor');
  const ana = await agent(browser, 'Ana Silva');
  const title = await titleOf(sam.frame, 2);
  expect(title.length).toBeGreaterThan(2);
  const samSaves = sam.saves.length;

  await stepBox(ana.frame, 2).check();
  await expect(stepBox(sam.frame, 2)).toBeChecked();
  await expect(sam.frame.locator('.ta-notices')).toContainText(`Ana Silva checked “${title}”`);
  await expect.poll(async () => (await stored(request)).steps[1].done).toBe(true);
  // Sam's side had nothing the store lacks: the push is not echoed back.
  await sam.page.waitForTimeout(700); // longer than the sidebar's save coalescing (250 ms)
  expect(sam.saves.length).toBe(samSaves);
  // The demo's controls say what came in.
  await expect(sam.page.locator('#store-count')).toContainText('Last change from another window: #4711');
  await expect(sam.page.locator('#store-count')).toContainText('by Ana Silva');
  sam.watch.check();
  ana.watch.check();
  await sam.close();
  await ana.close();
});

test('a stale write gets 409 and the stored copy, and the merge saved on it loses nothing', async ({ browser, request }) => {
  const sam = await agent(browser, 'Sam Okafor');
  const ana = await agent(browser, 'Ana Silva', { deaf: true });
  await sam.frame.locator('.ta-note').fill('Sam: refund issued, ref R-88');
  await stepBox(sam.frame, 1).check();
  await expect.poll(async () => (await stored(request)).steps[0].done).toBe(true);
  const before = await stored(request);

  const refused = ana.page.waitForResponse((r) => isSave(r) && r.status() === 409);
  const n = ana.saves.length;
  await stepBox(ana.frame, 3).check();
  const answer = await (await refused).json();
  expect(answer.error).toMatch(/stale write/);
  expect(answer.rev).toBe(before.rev);
  expect(answer.session.steps[0].note).toContain('R-88');
  const stale = ana.saves[n];
  expect(stale.base_rev).toBeLessThan(before.rev);

  // The merge goes out on the stored copy, above both, and is kept.
  await expect.poll(() => ana.saves.length).toBeGreaterThan(n + 1);
  const merge = ana.saves[n + 1];
  expect(merge.base_rev).toBe(before.rev);
  expect(merge.session.rev).toBeGreaterThan(Math.max(before.rev, stale.session.rev));
  await expect.poll(async () => (await stored(request)).rev).toBe(merge.session.rev);
  const kept = await stored(request);
  expect(kept.steps.map((s) => s.done).slice(0, 3)).toEqual([true, false, true]);
  expect(kept.steps[0].note).toContain('Sam: refund issued, ref R-88');
  expect(kept.saved_by).toBe('Ana Silva');
  // And Sam's window, live, has Ana's check-off.
  await expect(stepBox(sam.frame, 3)).toBeChecked();
  await sam.close();
  await ana.close();
});

test('the shared copy outlives the windows: a third machine opens the ticket with both agents\' work', async ({ browser }) => {
  const sam = await agent(browser, 'Sam Okafor');
  const ana = await agent(browser, 'Ana Silva');
  await stepBox(sam.frame, 1).check();
  await expect(stepBox(ana.frame, 1)).toBeChecked();
  await stepBox(ana.frame, 2).check();
  await expect(stepBox(sam.frame, 2)).toBeChecked();
  await expect(sam.frame.locator('[data-sync="confirmed"]')).toBeVisible();
  await expect(ana.frame.locator('[data-sync="confirmed"]')).toBeVisible();
  await sam.close();
  await ana.close();
  const lee = await agent(browser, 'Lee Park');
  await expect(stepBox(lee.frame, 1)).toBeChecked();
  await expect(stepBox(lee.frame, 2)).toBeChecked();
  await lee.close();
});
