// The coach in Spanish and German (issue 16): with the page's language set,
// the worker reads drafts and messages with that language's rules and model,
// fetched on first use; the labels come from the language's catalog.
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { WIDGET } from './helpers.mjs';

const catalog = (lang) => JSON.parse(readFileSync(new URL(`../../static/i18n/${lang}.json`, import.meta.url), 'utf8'));
const es = catalog('es');
const de = catalog('de');
const BUT = '\u201cSorry, but\u2026\u201d';

test('?locale=es: "Lo siento, pero es nuestra política…" is flagged as a sorry-but and a policy wall', async ({ page }) => {
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${WIDGET}/index.html?ticket=coach-es-${test.info().project.name}&locale=es`);
  const box = page.getByLabel(es['Your draft reply']);
  await box.fill('Lo siento, pero es nuestra política y no puedo hacer nada.');
  const findings = page.getByRole('list', { name: es['What to fix'] });
  await expect(findings).toContainText(es[BUT]);
  await expect(findings).toContainText(es['Policy wall']);
  // Only the Spanish coach data came over the wire, never the German.
  expect(fetched.some((p) => p.includes('/coach/es/'))).toBe(true);
  expect(fetched.some((p) => p.includes('/coach/de/'))).toBe(false);
});

test('?locale=de: "ES IST SCHON DAS DRITTE MAL!!! Ich kündige sofort alles." reads as angry or furious', async ({ page }) => {
  await page.goto(`${WIDGET}/index.html?ticket=coach-de-${test.info().project.name}&locale=de`);
  await page.getByLabel(de["Customer's last message"]).fill('ES IST SCHON DAS DRITTE MAL!!! Ich kündige sofort alles.');
  const said = [de['Angry'], de['Furious']].map((w) => de['Reads as {level}'].replace('{level}', w.toLowerCase()));
  await expect(page.locator('.ta-reading')).toContainText(new RegExp(said.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')));
});

test('the same Spanish sentence on an English page is not read with the Spanish rules', async ({ page }) => {
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${WIDGET}/index.html?ticket=coach-en-${test.info().project.name}&locale=en`);
  await page.getByLabel('Your draft reply').fill('Lo siento, pero es nuestra política y no puedo hacer nada.');
  await expect(page.locator('.ta-review')).toBeVisible();
  expect(fetched.some((p) => /\/coach\/(es|de)\//.test(p))).toBe(false);
});
