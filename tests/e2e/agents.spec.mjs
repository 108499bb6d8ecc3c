// Two agents on one ticket (protocol revision 2, "conflicts"): a host store
// that compares revisions refuses a stale save with `conflict` and its own
// copy, and pushes another agent's change with `session`; the sidebar merges
// so that nothing either agent did is lost, and says what came in.
import { test, expect } from '@playwright/test';
import { HOST, WIDGET, watchPage } from './helpers.mjs';

const stepBox = (frame, n) => frame.getByRole('checkbox', { name: new RegExp(`^Step ${n}:`) });

async function start(page, opts = {}) {
  await page.goto(`${HOST}/fixtures/embed-host.html`);
  await page.evaluate((o) => window.start(o), { revisionedStore: true, ...opts });
  const frame = page.frameLocator('#sidebar iframe');
  await expect(frame.locator('#ta-step-title')).toBeVisible();
  await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();
  return frame;
}

/** What another agent's sidebar would have saved: the host's copy with a change, a higher rev and its sender. */
async function anotherAgentSaves(page, change) {
  return page.evaluate((change) => {
    const s = JSON.parse(JSON.stringify(window.store['EMB-1']));
    const [step, what, value] = change;
    const st = s.steps.find((x) => x.id === step);
    if (what === 'note') st.note = value;
    if (what === 'check') { st.done = true; st.done_at = '2026-11-22T10:01:00Z'; }
    s.rev += 1;
    s.updated_at = new Date().toISOString();
    s.saved_by = 'Ana Silva';
    window.store['EMB-1'] = s;
    return s;
  }, change);
}

test('the sidebar says it understands conflicts and pushes, and every save names its base', async ({ page }) => {
  const watch = watchPage(page);
  await start(page);
  const ready = await page.evaluate(() => window.calls.ready[0]);
  expect(ready.features).toEqual(expect.arrayContaining(['conversation', 'draft', 'set_draft', 'conflict', 'session_push']));
  const saves = await page.evaluate(() => window.calls.save);
  expect(saves[0].baseRev).toBe(0);
  expect(saves.every((s) => typeof s.baseRev === 'number')).toBe(true);
  watch.check();
});

test('notes written on the same step by two agents are both in the host copy', async ({ page }) => {
  const watch = watchPage(page);
  const frame = await start(page);
  const title = await frame.locator('#ta-step-title').textContent();
  const first = await page.evaluate(() => window.store['EMB-1'].steps[0].id);
  // Ana writes a note on the first step; this sidebar has not seen it.
  await anotherAgentSaves(page, [first, 'note', 'Ana: she was charged twice in October']);
  await frame.locator('.ta-note').fill('Sam: wants a call back before noon');
  // The stale save is refused, merged and saved again on Ana's copy.
  await expect.poll(() => page.evaluate(() => window.store['EMB-1'].steps[0].note)).toContain('Sam: wants a call back before noon');
  const kept = await page.evaluate(() => window.store['EMB-1']);
  expect(kept.steps[0].note).toContain('Ana: she was charged twice in October');
  await expect(frame.locator('.ta-note')).toHaveValue(/Ana: she was charged twice in October/);
  await expect(frame.locator('.ta-notices')).toContainText(`Ana Silva added a note to “${title.trim()}”`);
  await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();
  watch.check();
});

test('check-offs made by each agent without seeing the other are both kept', async ({ page }) => {
  const watch = watchPage(page);
  const frame = await start(page);
  const second = await page.evaluate(() => window.store['EMB-1'].steps[1].id);
  await anotherAgentSaves(page, [second, 'check']);
  await stepBox(frame, 1).check();
  await expect.poll(() => page.evaluate(() => window.store['EMB-1'].steps.slice(0, 2).map((s) => s.done))).toEqual([true, true]);
  await expect(stepBox(frame, 2)).toBeChecked();
  watch.check();
});

test("a pushed change shows in the sidebar with a sentence, and costs no save when ours had nothing new", async ({ page }) => {
  const watch = watchPage(page);
  const frame = await start(page);
  const savesBefore = (await page.evaluate(() => window.calls.save)).length;
  const copy = await anotherAgentSaves(page, [await page.evaluate(() => window.store['EMB-1'].steps[1].id), 'check']);
  await page.evaluate((s) => window.sidebar.push(s), copy);
  await expect(stepBox(frame, 2)).toBeChecked();
  await expect(frame.locator('.ta-notices')).toContainText('Ana Silva checked');
  await page.waitForTimeout(600); // longer than the save coalescing: nothing is sent
  expect((await page.evaluate(() => window.calls.save)).length).toBe(savesBefore);
  // A push for another ticket is refused with bad_message and changes nothing.
  await page.evaluate((widget) => {
    const s = JSON.parse(JSON.stringify(window.store['EMB-1']));
    s.ticket_id = 'EMB-2';
    const w = document.querySelector('#sidebar iframe').contentWindow;
    w.postMessage({ protocol: 'turnaround', v: 1, type: 'session', id: 'h-x', payload: { ticket_id: 'EMB-2', session: s } }, new URL(widget).origin);
  }, WIDGET);
  await expect.poll(() => page.evaluate(() => window.calls.error.map((e) => e.code))).toContain('bad_message');
  watch.check();
});
