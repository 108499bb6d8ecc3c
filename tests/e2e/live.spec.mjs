// The coach where the agent works (protocol revision 2), in the demo
// helpdesk: the helpdesk's own reply box is coached as the agent types, a
// rewrite goes back into it, the temperature follows every customer message,
// and the agent's sent reply offers check-offs. Both storage modes run (see
// playwright.config.mjs).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openDemo, watchPage, HOST, WIDGET, resetDemoStore } from './helpers.mjs';

// The demo's sessions live on the server: each test starts from an empty store.
test.beforeEach(resetDemoStore);

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const live = (frame) => frame.locator('.ta-draft-coach');
const finding = (frame, code) => live(frame).locator(`.ta-finding[data-code="${code}"]`);
const curvePoints = (frame) => frame.locator('.ta-temp-curve .ta-temp-pt');

/** Types into the demo helpdesk's own reply box, a key at a time, as an agent does. */
async function typeReply(page, text) {
  const box = page.locator('#reply');
  await box.click();
  await box.pressSequentially(text, { delay: 5 });
}

test('typing "Sorry, but that\'s our policy" in the helpdesk shows both findings, and "use this" rewrites the reply box', async ({ page }) => {
  const watch = watchPage(page);
  const frame = await openDemo(page, '?ticket=4720');
  await typeReply(page, "Sorry, but that's our policy");
  await expect(finding(frame, 'but_apology')).toBeVisible();
  await expect(finding(frame, 'policy_wall')).toBeVisible();
  // Each finding says why, tied to the checklist.
  await expect(finding(frame, 'but_apology')).toContainText('takes the apology back');
  // No save for a draft: the helpdesk store never holds it.
  const stored = await page.evaluate(() => JSON.stringify(window.demoHelpdesk.store().sessions));
  expect(stored).not.toContain('our policy');

  await finding(frame, 'but_apology').getByRole('button', { name: /^Use this/ }).click();
  const after = await page.locator('#reply').inputValue();
  expect(after.toLowerCase()).not.toContain('sorry, but');
  expect(after.length).toBeGreaterThan(10);
  await expect(frame.getByRole('status')).toContainText('Your reply in the helpdesk now has the rewrite');
  // The rewritten reply is coached in turn: the "but" is gone.
  await expect(finding(frame, 'but_apology')).toHaveCount(0);
  // Emptying the box clears the findings.
  await page.locator('#reply').fill('');
  await expect(live(frame).locator('.ta-finding')).toHaveCount(0);
  watch.check();
});

test('the streamed draft is never saved and causes no save', async ({ page }) => {
  const frame = await openDemo(page, '?ticket=4720');
  // The thread's one customer message is read by the coach's worker after the
  // ticket opens, and that reading is saved: wait for it to reach the store.
  await expect.poll(() => page.evaluate(() => (window.demoHelpdesk.store().sessions['4720'] || {}).temperatures?.length ?? 0)).toBe(1);
  await expect(frame.locator('[data-sync="confirmed"], [data-sync="idle"]').first()).toBeVisible();
  const before = await page.evaluate(() => JSON.stringify(window.demoHelpdesk.store().sessions['4720'] || null));
  await typeReply(page, 'We cannot do anything, that is our policy. Calm down.');
  await expect(finding(frame, 'dismissive')).toBeVisible();
  await page.waitForTimeout(800);
  const after = await page.evaluate(() => JSON.stringify(window.demoHelpdesk.store().sessions['4720'] || null));
  expect(after).toBe(before);
});

test('"the customer writes again" with an all-caps threat moves the temperature to furious and adds a point to the curve', async ({ page }) => {
  const frame = await openDemo(page, '?ticket=4711');
  // The thread's two customer messages were read when the ticket opened.
  await expect(curvePoints(frame)).toHaveCount(2);
  await expect(frame.locator('.ta-temp-curve figcaption')).toContainText('came in');
  await page.getByRole('button', { name: 'Demo: the customer writes again' }).click();
  await expect(curvePoints(frame)).toHaveCount(3);
  await expect(frame.locator('.ta-temp-now')).toContainText('Furious');
  await expect(frame.locator('.ta-temp-curve figcaption')).toContainText('furious');
  // Read once: a reload of the helpdesk sends the same thread again, and the curve keeps three points.
  await page.reload();
  await expect(page.frameLocator('#sidebar iframe').locator('#ta-step-title')).toBeVisible();
  await expect(curvePoints(page.frameLocator('#sidebar iframe'))).toHaveCount(3);
});

test('the agent can overrule the newest reading', async ({ page }) => {
  const frame = await openDemo(page, '?ticket=4711');
  await page.getByRole('button', { name: 'Demo: the customer writes again' }).click();
  await expect(frame.locator('.ta-temp-now')).toContainText('Furious');
  await frame.locator('.ta-row-go').nth(2).click(); // listen: the temperature control
  await frame.getByRole('button', { name: 'Upset', exact: true }).click();
  await expect(frame.locator('.ta-temp-now')).toContainText('Upset');
  await expect(frame.getByRole('button', { name: 'Upset', pressed: true })).toBeVisible();
});

test('sending a reply that thanks the customer offers the thank step\'s check-off, and nothing is checked until the agent confirms', async ({ page }) => {
  const frame = await openDemo(page, '?ticket=4720');
  const thank = frame.getByRole('checkbox', { name: /Step 2:/ });
  await expect(thank).not.toBeChecked();
  await page.locator('#reply').fill('Thank you for telling us, Marco, and for your patience.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  const offer = frame.locator('.ta-offer', { hasText: 'Looks done: you thanked them' });
  await expect(offer).toBeVisible();
  await page.waitForTimeout(500);
  await expect(thank).not.toBeChecked();
  await offer.getByRole('button', { name: /^Check off/ }).click();
  await expect(thank).toBeChecked();
  await expect(offer).toHaveCount(0);
});

test('a check-off offer is confirmed with a key, and a dismissed one does not come back for the same message', async ({ page }) => {
  const frame = await openDemo(page, '?ticket=4720');
  await page.locator('#reply').fill('Thank you for raising this with us.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  const offer = frame.locator('.ta-offer', { hasText: 'you thanked them' });
  await expect(offer).toBeVisible();
  await offer.getByRole('button', { name: 'Not yet' }).click();
  await expect(offer).toHaveCount(0);
  // The dismissal is part of the session: it reaches the helpdesk's store (the
  // sidebar's own storage may be blocked in this mode).
  await expect.poll(() => page.evaluate(() => (window.demoHelpdesk.store().sessions['4720'] || {}).dismissed_offers?.length || 0)).toBe(1);
  // A reload sends the thread again: the same message offers nothing.
  await page.reload();
  const again = page.frameLocator('#sidebar iframe');
  await expect(again.locator('#ta-step-title')).toBeVisible();
  await page.waitForTimeout(500);
  await expect(again.locator('.ta-offer')).toHaveCount(0);
  // A new message that thanks them offers it again; the key confirms it.
  await page.locator('#reply').fill('Thanks again for bearing with us.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(again.locator('.ta-offer', { hasText: 'you thanked them' })).toBeVisible();
  await again.locator('#ta-step-title').focus();
  await again.locator('body').press('y');
  await expect(again.getByRole('checkbox', { name: /Step 2:/ })).toBeChecked();
});

test('a host that cannot set the draft gets a copy, and the sidebar says so', async ({ page }) => {
  await page.goto(`${HOST}/fixtures/live-host.html?set_draft=0`);
  const frame = page.frameLocator('#w');
  await expect(frame.locator('#ta-step-title')).toBeVisible();
  await page.evaluate(() => window.draft("Sorry, but that's our policy"));
  await expect(finding(frame, 'but_apology')).toBeVisible();
  await finding(frame, 'but_apology').getByRole('button', { name: /^Copy this/ }).click();
  await expect(frame.getByRole('status')).toContainText('this helpdesk does not let Turnaround change your reply');
  expect(await page.evaluate(() => window.fromWidget('set_draft').length)).toBe(0);
});

test('the paste box stays for a host that does not stream, and goes once the host streams the draft', async ({ page }) => {
  await page.goto(`${HOST}/fixtures/live-host.html`);
  const frame = page.frameLocator('#w');
  await expect(frame.locator('#ta-step-title')).toBeVisible();
  await expect(frame.getByLabel('Your draft reply')).toHaveCount(1);
  await page.evaluate(() => window.draft('Thanks for waiting.'));
  await expect(live(frame)).toBeVisible();
  // The first draft starts the coach's worker; measure once it has answered.
  await expect(live(frame)).toHaveAttribute('data-reviewing', 'false');
  await expect(frame.getByLabel('Your draft reply')).toHaveCount(0);
});

// How fast a draft's findings appear is the bench's to measure (`BENCH_ONLY=live`
// scripts/bench.sh, "live coach" row): the coach answers from its worker, so a
// frame count here would only measure how busy the machine is. This checks what
// the agent relies on: the findings shown are always those of the latest draft.
test("a streamed draft's findings are always the latest draft's", async ({ page }) => {
  await page.goto(`${HOST}/fixtures/live-host.html`);
  const frame = page.frameLocator('#w');
  await expect(frame.locator('#ta-step-title')).toBeVisible();
  await page.evaluate(() => window.draft('Thanks for waiting.'));
  await expect(live(frame)).toBeVisible();
  await expect(live(frame)).toHaveAttribute('data-reviewing', 'false');
  await page.evaluate(() => window.draft("No, that's our policy."));
  await expect(finding(frame, 'policy_wall')).toBeVisible();
  await expect(live(frame)).toHaveAttribute('data-draft-chars', String("No, that's our policy.".length));
  // A clean draft replaces it: the wall's finding goes, none lingers from the older text.
  await page.evaluate(() => window.draft('Thank you for your patience. I have refunded the charge today and I will call you by 4 pm.'));
  await expect(live(frame)).toHaveAttribute('data-reviewing', 'false');
  await expect(finding(frame, 'policy_wall')).toHaveCount(0);
  await expect(live(frame)).toContainText('Nothing to fix so far.');
});

test('opening or switching a ticket shows the sidebar from its top, and focus stays where the agent was', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const frame = await openDemo(page);
  const widget = page.frames().find((f) => f.url().startsWith(WIDGET));
  await page.waitForTimeout(300);
  expect(await widget.evaluate(() => document.scrollingElement.scrollTop)).toBe(0);
  expect(await widget.evaluate(() => document.activeElement === document.body)).toBe(true);
  await page.locator('[data-ticket="4712"]').click();
  await expect(frame.locator('.ta-id')).toHaveText('#4712');
  await page.waitForTimeout(300);
  expect(await widget.evaluate(() => document.scrollingElement.scrollTop)).toBe(0);
  // The sidebar took no focus: the agent is still in the helpdesk.
  expect(await page.evaluate(() => document.activeElement && document.activeElement.tagName)).not.toBe('IFRAME');
  expect(await widget.evaluate(() => document.activeElement === document.body)).toBe(true);
  await expect(frame.locator('#ta-step-title')).toBeInViewport();
});

test('the live coach, the curve and a check-off offer have no WCAG 2.1 AA violations', async ({ page }) => {
  const frame = await openDemo(page, '?ticket=4711');
  await page.getByRole('button', { name: 'Demo: the customer writes again' }).click();
  await expect(curvePoints(frame)).toHaveCount(3);
  await page.locator('#reply').fill('Thank you, Dana.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(frame.locator('.ta-offer')).toBeVisible();
  await typeReply(page, "Sorry, but that's our policy");
  await expect(finding(frame, 'policy_wall')).toBeVisible();
  const widget = page.frames().find((f) => f.url().startsWith(WIDGET));
  await widget.evaluate(AXE);
  const violations = await widget.evaluate((tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } }).then((r) => r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5), help: v.help }))), WCAG);
  expect(violations).toEqual([]);
});
