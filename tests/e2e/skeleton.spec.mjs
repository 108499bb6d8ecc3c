// The walking skeleton: the demo helpdesk embeds the sidebar from another
// origin; a checked step survives a reload.
import { test, expect } from '@playwright/test';
import { openDemo, watchPage, WIDGET, resetDemoStore } from './helpers.mjs';

// The demo's sessions live on the server: each test starts from an empty store.
test.beforeEach(resetDemoStore);

test('a step checked in the embedded sidebar is still checked after a reload', async ({ page }) => {
  const watch = watchPage(page);
  let frame = await openDemo(page);
  const box = frame.getByRole('checkbox', { name: /Step 1:/ });
  await expect(box).not.toBeChecked();
  await box.check();
  await expect(frame.getByRole('status')).toContainText('1 of 11 steps done');
  // The helpdesk confirmed the save before we reload.
  await expect(frame.locator('[data-sync="confirmed"]')).toBeVisible();
  await page.reload();
  frame = await openDemo(page);
  await expect(frame.getByRole('checkbox', { name: /Step 1:/ })).toBeChecked();
  await expect(frame.getByRole('status')).toContainText('1 of 11 steps done');
  watch.check();
});

test('the standalone page keeps check-offs in localStorage across a reload', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto(`${WIDGET}/index.html?ticket=skeleton-${test.info().project.name}&playbook=laptop`);
  const box = page.getByRole('checkbox', { name: /Step 2: Acknowledge/ });
  await box.check();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: /Step 2: Acknowledge/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /Step 1:/ })).not.toBeChecked();
  watch.check();
});
