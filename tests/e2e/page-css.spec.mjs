// Each page fetches base.css and its own sheet (sidebar.css or trainer.css),
// which scripts/page-css.mjs cuts from static/app.css by the class names it
// finds in the page's source files. A class built in a way that script cannot
// see would silently lose its rules on that page: here every `ta-` class the
// live page actually renders, and that static/app.css styles, must be styled
// by the sheets the page fetched.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { WIDGET } from './helpers.mjs';

const SOURCE = readFileSync(new URL('../../static/app.css', import.meta.url), 'utf8');

/** The `ta-` classes named in a stylesheet's selectors (comments and bodies aside). */
function styledClasses(css) {
  const names = new Set();
  const selectors = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\{[^{}]*\}/g, '{}');
  for (const m of selectors.matchAll(/\.(ta-[a-z0-9-]+)/g)) names.add(m[1]);
  return names;
}

const STYLED = styledClasses(SOURCE);

/** Opens every closed disclosure on the page (one at a time: opening one can show more). */
async function openAll(page) {
  const closed = page.locator('details:not([open]) > summary:visible');
  for (let i = 0; i < 30 && (await closed.count()) > 0; i++) await closed.first().click();
}

/** The styled classes on the page now that neither base.css nor the page's sheet styles. */
async function unstyled(page, sheet) {
  const fetched = await page.evaluate(async (names) => {
    const texts = await Promise.all(names.map((n) => fetch(n).then((r) => r.text())));
    return texts.join('\n');
  }, ['base.css', sheet]);
  const have = styledClasses(fetched);
  const shown = await page.evaluate(() => [...new Set([...document.querySelectorAll('[class]')].flatMap((e) => [...e.classList]))]);
  return shown.filter((c) => STYLED.has(c) && !have.has(c)).sort();
}

test('the sidebar page fetches a rule for every styled class it renders', async ({ page }) => {
  await page.goto(`${WIDGET}/index.html?ticket=css-check`);
  await expect(page.locator('#ta-step-title')).toBeVisible();
  expect(await page.locator('link[rel=stylesheet][href$="sidebar.css"]').count()).toBe(1);
  // Open every panel, have the coach find something, move a step on.
  await openAll(page);
  await page.locator('#ta-draft').fill("Sorry, but that's our policy. You should have read the email.");
  await expect(page.locator('.ta-finding').first()).toBeVisible();
  await page.getByRole('button', { name: /Done, next step/ }).click();
  await expect(page.getByText(/1 of \d+ steps done/)).toBeVisible();
  await openAll(page);
  expect(await unstyled(page, 'sidebar.css')).toEqual([]);
});

test('the trainer page fetches a rule for every styled class it renders, from the picker to the debrief', async ({ page }) => {
  await page.goto(`${WIDGET}/index.html?view=trainer`);
  await expect(page.locator('.ta-scenario').first()).toBeVisible();
  expect(await page.locator('link[rel=stylesheet][href$="trainer.css"]').count()).toBe(1);
  expect(await unstyled(page, 'trainer.css')).toEqual([]);
  await page.locator('.ta-scenario').first().getByRole('button', { name: /^Start/ }).click();
  await expect(page.locator('.ta-run h1')).toBeFocused();
  expect(await unstyled(page, 'trainer.css')).toEqual([]);
  // The first reply on offer each turn, until the role-play ends.
  for (let turn = 0; turn < 40 && (await page.locator('.ta-debrief').count()) === 0; turn++) {
    const before = await page.locator('.ta-msg-agent').count();
    await page.locator('.ta-option').first().click();
    await expect.poll(async () => (await page.locator('.ta-debrief').count()) > 0 || (await page.locator('.ta-msg-agent').count()) > before).toBe(true);
  }
  await expect(page.locator('.ta-debrief h1')).toBeFocused();
  await openAll(page);
  expect(await unstyled(page, 'trainer.css')).toEqual([]);
});
