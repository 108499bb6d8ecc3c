// The coach in the sidebar: the draft is reviewed as it is typed, a rewrite
// is one click, and the customer's message sets the temperature.
import { test, expect } from '@playwright/test';
import { HOST, WIDGET } from './helpers.mjs';

test('"Sorry, but that\'s our policy" is flagged with reasons and a rewrite', async ({ page }) => {
  await page.goto(`${WIDGET}/index.html?ticket=coach-${test.info().project.name}`);
  await page.getByLabel('Your draft reply').fill("Sorry, but that's our policy.");
  const findings = page.getByRole('list', { name: 'What to fix' });
  await expect(findings).toContainText('Sorry, but');
  await expect(findings).toContainText('Policy wall');
  const before = await page.getByLabel('Your draft reply').inputValue();
  await findings.getByRole('button', { name: /^Use this/ }).first().click();
  const after = await page.getByLabel('Your draft reply').inputValue();
  expect(after).not.toBe(before);
  expect(after.toLowerCase()).not.toContain('sorry, but');
  // Kept in the session: a reload brings the draft back.
  await page.reload();
  await expect(page.getByLabel('Your draft reply')).toHaveValue(after);
});

test('a clean draft says so', async ({ page }) => {
  await page.goto(`${WIDGET}/index.html?ticket=clean-${test.info().project.name}`);
  await page.getByLabel('Your draft reply').fill('Thank you for telling me. I am sorry this happened; I will call you back by 4 pm today with the fix.');
  await expect(page.locator('.ta-review')).toContainText('Nothing to fix in this draft.');
});

test('a furious message pasted in is read as furious', async ({ page }) => {
  await page.goto(`${WIDGET}/index.html?ticket=msg-${test.info().project.name}`);
  await page.getByLabel("Customer's last message").fill('THIS IS THE THIRD TIME!!! cancel my account');
  await expect(page.locator('.ta-reading')).toContainText('Reads as furious');
  await page.getByRole('button', { name: /Record .Furious. as the temperature/ }).click();
  await page.getByRole('checkbox', { name: /Step 3:/ }).focus();
  await page.locator('.ta-row-go').nth(2).click(); // listen: the temperature control
  await expect(page.getByRole('button', { name: 'Furious', pressed: true })).toBeVisible();
});

test("the host's last customer message pre-fills the temperature", async ({ page }) => {
  await page.goto(`${HOST}/fixtures/coach-host.html`);
  const frame = page.frameLocator('#sidebar iframe');
  await expect(frame.locator('.ta-reading')).toContainText('Reads as furious');
  await frame.locator('.ta-row-go').nth(2).click();
  await expect(frame.getByRole('button', { name: 'Furious', pressed: true })).toBeVisible();
});

test('the coach is fetched only when first needed, never at start-up', async ({ page }) => {
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${WIDGET}/index.html?ticket=lazy-${test.info().project.name}`);
  await expect(page.locator('#ta-step-title')).toBeVisible();
  await expect(page.getByLabel('Your draft reply')).toBeVisible();
  await page.waitForTimeout(300);
  expect(fetched.filter((p) => /coach/.test(p))).toEqual([]);
  await page.getByLabel('Your draft reply').fill('Calm down.');
  await expect(page.getByRole('list', { name: 'What to fix' })).toContainText('Dismissive');
  expect(fetched).toEqual(expect.arrayContaining(['/coach-worker.js', '/pkg/coach.js', '/pkg/coach_bg.wasm']));
});

test('a coach that cannot load says so, and the rest of the sidebar works and saves', async ({ page }) => {
  await page.route('**/coach-worker.js', (route) => route.abort());
  const ticket = `nocoach-${test.info().project.name}`;
  await page.goto(`${WIDGET}/index.html?ticket=${ticket}`);
  await page.getByLabel('Your draft reply').fill("Sorry, but that's our policy.");
  await expect(page.locator('.ta-coach-off')).toContainText('The coach could not load here');
  await expect(page.locator('.ta-coach-off')).toContainText('your checklist, notes and saving work as before');
  await expect(page.getByRole('list', { name: 'What to fix' })).toHaveCount(0);
  await page.getByRole('checkbox', { name: /Step 1:/ }).check();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: /Step 1:/ })).toBeChecked();
  await expect(page.getByLabel('Your draft reply')).toHaveValue("Sorry, but that's our policy.");
});
