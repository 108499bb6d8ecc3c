// Playbooks in the browser: switching among the five built-ins, loading a
// custom one from a file or a URL, refusing a broken one with a located error.
import { test, expect } from '@playwright/test';
import { WIDGET } from './helpers.mjs';

const FIXTURES = new URL('./fixtures/playbooks/', import.meta.url).pathname;

test('the sidebar switches among the five built-in playbooks, keeping check-offs', async ({ page }) => {
  await page.goto(`${WIDGET}/index.html?ticket=switch-${test.info().project.name}`);
  const select = page.getByRole('combobox', { name: 'Playbook' });
  // allTextContents does not wait: wait for the picker to be rendered first.
  await expect(select.locator('option').nth(4)).toBeAttached();
  const options = await select.locator('option').allTextContents();
  expect(options.length).toBeGreaterThanOrEqual(5);
  await page.getByRole('checkbox', { name: /Step 3: / }).check(); // turnaround: listen
  for (const [id, steps] of [['laptop', 6], ['leap', 10], ['six-step', 6], ['ten-step', 10], ['turnaround', 11]]) {
    await select.selectOption(id);
    await expect(page.getByRole('status')).toContainText(`of ${steps} steps done`);
    await expect(page.locator('.ta-phrase-text').first()).not.toBeEmpty();
  }
  // Back on the default, the check-off made before switching is still there.
  await expect(page.getByRole('checkbox', { name: /Step 3: / })).toBeChecked();
});

test('a broken playbook file is refused with a located error and the current one stays', async ({ page }) => {
  await page.goto(`${WIDGET}/index.html?ticket=broken-${test.info().project.name}&playbook=laptop`);
  await page.locator('input[type=file]').setInputFiles(FIXTURES + 'broken.json');
  const alert = page.locator('.ta-notice-warn');
  await expect(alert).toContainText('was not loaded');
  await expect(alert).toContainText('steps[1].phrases[4].text: unknown placeholder {custmer}');
  await expect(page.getByRole('combobox', { name: 'Playbook' })).toHaveValue('laptop');
  await expect(page.getByRole('status')).toContainText('of 6 steps done');
});

test('a valid playbook file is loaded, used, and still there after a reload', async ({ page }) => {
  await page.goto(`${WIDGET}/index.html?ticket=custom-${test.info().project.name}`);
  await page.locator('input[type=file]').setInputFiles(FIXTURES + 'billing-dispute.json');
  await expect(page.getByRole('status')).toContainText('Loaded the playbook "Billing dispute"');
  await expect(page.locator('#ta-step-title')).toHaveText('Hear the whole story');
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Playbook' })).toHaveValue('billing-dispute');
  await expect(page.getByRole('status')).toContainText('of 2 steps done');
});

test('playbook_url loads a playbook from the server', async ({ page }) => {
  await page.goto(`${WIDGET}/index.html?ticket=url-${test.info().project.name}&playbook_url=fixtures/playbooks/billing-dispute.json`);
  await expect(page.locator('#ta-step-title')).toHaveText('Hear the whole story');
});

test('a playbook_url that cannot be fetched is reported and changes nothing', async ({ page }) => {
  await page.goto(`${WIDGET}/index.html?ticket=url404-${test.info().project.name}&playbook_url=fixtures/playbooks/missing.json`);
  await expect(page.locator('.ta-notice-warn')).toContainText('could not be fetched (the server answered 404)');
  await expect(page.getByRole('combobox', { name: 'Playbook' })).toHaveValue('turnaround');
});
