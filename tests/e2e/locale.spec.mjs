// The product's language (issue 16): the host's init.locale (embed.js's
// `locale` option), the page's ?locale=, else the browser's languages;
// <html lang> follows, and a language Turnaround lacks is said once.
import { test, expect } from '@playwright/test';
import { HOST, WIDGET } from './helpers.mjs';

const widgetLang = (page) => page.frames().find((f) => f.url().startsWith(`${WIDGET}/index.html`)).evaluate(() => document.documentElement.lang);

test('an embedded sidebar opened with locale "es-MX" speaks Spanish, with "de" German', async ({ page }) => {
  await page.goto(`${HOST}/fixtures/embed-host.html`);
  await page.evaluate(() => window.start({ locale: 'es-MX' }));
  const frame = page.frameLocator('#sidebar iframe');
  await expect(frame.locator('.ta-id')).toHaveText('#EMB-1');
  await expect.poll(() => widgetLang(page)).toBe('es');
  await page.evaluate(() => window.sidebar.open({ id: 'EMB-2' }, { locale: 'de' }));
  await expect(frame.locator('.ta-id')).toHaveText('#EMB-2');
  await expect.poll(() => widgetLang(page)).toBe('de');
});

test('an embedded sidebar asked for a language it lacks shows English and says so once', async ({ page }) => {
  await page.goto(`${HOST}/fixtures/embed-host.html`);
  await page.evaluate(() => window.start({ locale: 'pt-BR' }));
  const frame = page.frameLocator('#sidebar iframe');
  await expect(frame.locator('.ta-id')).toHaveText('#EMB-1');
  await expect.poll(() => widgetLang(page)).toBe('en');
  await expect(frame.getByText(/not available in "pt-BR" yet; showing English/)).toHaveCount(1);
  // Another ticket with the same tag: still said once.
  await page.evaluate(() => window.sidebar.open({ id: 'EMB-2' }));
  await expect(frame.locator('.ta-id')).toHaveText('#EMB-2');
  await expect(frame.getByText(/not available in "pt-BR" yet/)).toHaveCount(1);
});

test('the standalone page and the trainer take ?locale=, else the browser language', async ({ browser }) => {
  const german = await browser.newContext({ locale: 'de-AT' });
  const page = await german.newPage();
  await page.goto(`${WIDGET}/index.html?ticket=lang-1`);
  await expect(page.locator('#ta-step-title')).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('de');
  await page.goto(`${WIDGET}/index.html?ticket=lang-1&locale=es`);
  await expect(page.locator('#ta-step-title')).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es');
  await page.goto(`${WIDGET}/index.html?view=trainer&locale=de-CH`);
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('de');
  await page.goto(`${WIDGET}/index.html?view=trainer&locale=fr`);
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
  await expect(page.getByText(/not available in "fr" yet; showing English/)).toBeVisible();
  await german.close();
});
