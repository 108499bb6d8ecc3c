// The agent's sidebar as an agent uses it: keyboard only, inside the demo
// helpdesk; accessibility scans (axe-core, WCAG 2.1 A and AA) in both themes;
// screenshots at the narrowest and widest sidebar widths.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openDemo, watchPage, HOST, WIDGET, resetDemoStore } from './helpers.mjs';

// The demo's sessions live on the server: each test starts from an empty store.
test.beforeEach(resetDemoStore);

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The frame object (not a locator) of the embedded sidebar. */
async function sidebarFrame(page) {
  await expect(page.frameLocator('#sidebar iframe').locator('#ta-step-title')).toBeVisible();
  return page.frames().find((f) => f.url().startsWith(WIDGET));
}

/** Presses Tab until the keyboard focus is inside the sidebar frame. */
async function tabIntoSidebar(page, frame) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await frame.evaluate(() => document.hasFocus() && document.activeElement !== document.body)) return;
  }
  throw new Error('Tab never reached the sidebar');
}

/** Presses Tab inside the sidebar until the focused element matches `name`. */
async function tabTo(page, frame, name) {
  for (let i = 0; i < 80; i++) {
    const label = await frame.evaluate(() => {
      const el = document.activeElement;
      return (el && (el.getAttribute('aria-label') || el.textContent || '')).trim();
    });
    if (name.test(label)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${name}`);
}

async function heading(frame) {
  return (await frame.locator('#ta-step-title').textContent()).trim();
}

test('an agent walks the whole turnaround playbook by keyboard and inserts phrases into the reply', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto(`${HOST}/demo-helpdesk.html`);
  const frame = await sidebarFrame(page);
  await tabIntoSidebar(page, frame);

  // Phrase 1 of the first step goes into the helpdesk's reply box with "1".
  const first = (await frame.locator('.ta-phrase-text').first().textContent()).trim();
  await frame.locator('#ta-step-title').focus();
  await page.keyboard.press('1');
  await expect(page.locator('#reply')).toHaveValue(new RegExp(first.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await expect(frame.getByRole('status')).toContainText('Inserted into the reply');

  const titles = [];
  const total = 11;
  for (let i = 0; i < total; i++) {
    const title = await heading(frame);
    titles.push(title);
    if (i === 2) {
      // Listen: the customer is angry, so the loop holds them in listen/acknowledge.
      await tabTo(page, frame, /^Angry$/);
      await page.keyboard.press('Enter');
      await frame.locator('#ta-step-title').focus();
      await page.keyboard.press('x'); // check listen -> acknowledge
      await expect(frame.locator('#ta-step-title')).not.toHaveText(title);
      await page.keyboard.press('x'); // check acknowledge -> back to listen, still angry
      await expect(frame.locator('.ta-hold')).toBeVisible();
      await expect(frame.locator('#ta-step-title')).toHaveText(title);
      await tabTo(page, frame, /^Calm$/);
      await page.keyboard.press('Enter');
      await expect(frame.locator('.ta-hold')).toHaveCount(0);
      await frame.locator('#ta-step-title').focus();
      await page.keyboard.press('n'); // listen -> acknowledge (checked) -> the next unchecked step
      i += 1;
      continue;
    }
    await frame.locator('#ta-step-title').focus();
    await page.keyboard.press('x');
    if (i < total - 1) await expect(frame.locator('#ta-step-title')).not.toHaveText(title);
  }
  await expect(frame.getByRole('status')).toContainText('11 of 11 steps done');
  // Keyboard focus followed the steps (a screen reader hears each new step).
  expect(await frame.evaluate(() => document.activeElement.id)).toBe('ta-step-title');
  // "p" goes back.
  await page.keyboard.press('p');
  await expect(frame.locator('[aria-current=step]')).toHaveCount(1);
  watch.check();
});

test('insert falls back to copying, and says so, on the standalone page', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: WIDGET });
  await page.goto(`${WIDGET}/index.html?ticket=copy-${test.info().project.name}`);
  await page.locator('#ta-step-title').focus();
  await page.keyboard.press('1');
  await expect(page.getByRole('status')).toContainText('Copied. Paste it into your reply.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe((await page.locator('.ta-phrase-text').first().textContent()).trim());
});

test('the channel switch changes the phrases', async ({ page }) => {
  await page.goto(`${WIDGET}/index.html?ticket=channel-${test.info().project.name}`);
  const chat = await page.locator('.ta-phrase-text').allTextContents();
  await page.getByRole('radio', { name: 'Email' }).click();
  await expect(page.getByRole('heading', { name: /Say it \(email\)/ })).toBeVisible();
  const email = await page.locator('.ta-phrase-text').allTextContents();
  expect(email).not.toEqual(chat);
});

test('names from the helpdesk fill the phrases', async ({ page }) => {
  const frame = await openDemo(page);
  await frame.getByRole('checkbox', { name: /Step 2:/ }).check();
  const all = (await frame.locator('.ta-phrase-text').allTextContents()).join(' ');
  expect(all).not.toMatch(/[{}]/);
});

async function axeScan(target) {
  await target.evaluate(AXE);
  return target.evaluate((tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5), help: v.help }))), WCAG);
}

for (const theme of ['light', 'dark']) {
  test(`the sidebar has no WCAG 2.1 AA violations (${theme} theme)`, async ({ page }) => {
    await page.goto(`${WIDGET}/index.html?ticket=axe-${theme}&theme=${theme}`);
    await expect(page.locator('#ta-step-title')).toBeVisible();
    // Every step, each with its tool open and its tips unfolded.
    const rows = page.locator('.ta-row-go');
    const n = await rows.count();
    expect(n).toBe(11);
    for (let i = 0; i < n; i++) {
      await rows.nth(i).click();
      await page.locator('.ta-tips-box > summary').first().click();
      expect({ step: i + 1, violations: await axeScan(page) }).toEqual({ step: i + 1, violations: [] });
    }
  });
}

test('the embedded sidebar has no WCAG 2.1 AA violations and its iframe has a title', async ({ page }) => {
  await page.goto(`${HOST}/demo-helpdesk.html`);
  const frame = await sidebarFrame(page);
  expect(await page.locator('#sidebar iframe').getAttribute('title')).toBeTruthy();
  expect(await axeScan(frame)).toEqual([]);
});

for (const width of [320, 420]) {
  test(`screenshot of the sidebar at ${width} px`, async ({ page }, info) => {
    await page.setViewportSize({ width, height: 1100 });
    await page.goto(`${WIDGET}/index.html?ticket=shot-${width}&theme=light`);
    await expect(page.locator('#ta-step-title')).toBeVisible();
    // Nothing sticks out sideways at this width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: info.outputPath(`sidebar-${width}.png`), fullPage: true });
  });
}
