// Hostile input and the CSP: every string a host, a user or a custom
// playbook supplies appears as text, never as markup; every built page runs
// under the strict Content-Security-Policy without a single violation.
import { test, expect } from '@playwright/test';
import { HOST, WIDGET, resetDemoStore } from './helpers.mjs';

// The demo's sessions live on the server: each test starts from an empty store.
test.beforeEach(resetDemoStore);

/** Records CSP violations in every frame of the page. */
async function recordViolations(page) {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

async function violations(page) {
  const all = [];
  for (const f of page.frames()) {
    const v = await f.evaluate(() => window.__csp || []).catch(() => []);
    all.push(...v);
  }
  return all;
}

test('script payloads from the host and a custom playbook render as text', async ({ page }) => {
  await recordViolations(page);
  await page.goto(`${HOST}/fixtures/xss-host.html`);
  const frame = page.frameLocator('#sidebar iframe');
  await expect(frame.locator('#ta-step-title')).toBeVisible();
  const payload = await page.evaluate(() => window.payload);
  const sidebar = page.frames().find((f) => f.url().startsWith(WIDGET));
  // The custom playbook's title, the subject and the names are shown literally.
  const text = await sidebar.evaluate(() => document.body.innerText);
  for (const label of ['Subject ', 'Name ', 'T ', 'W ', 'H ']) {
    expect(text).toContain(label + payload);
  }
  // Open each step so its tool shows the stored notes, facts and alert fields.
  for (const row of await frame.locator('.ta-row-go').all()) {
    await row.click();
    const visible = await sidebar.evaluate(() => document.body.innerText + Array.from(document.querySelectorAll('textarea, input')).map((e) => e.value).join(' '));
    expect(visible).toContain(payload);
    const injected = await sidebar.evaluate(() => document.querySelectorAll('main img, main script, main svg, main iframe').length);
    expect(injected).toBe(0);
  }
  expect(await sidebar.evaluate(() => window.__pwned)).toBeUndefined();
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(await violations(page)).toEqual([]);
});

const PAGES = [
  ['the standalone sidebar', `${WIDGET}/index.html?ticket=csp`],
  ['the trainer', `${WIDGET}/index.html?view=trainer`],
  ['the demo helpdesk with the embedded sidebar', `${HOST}/demo-helpdesk.html`],
  ['the Chatwoot adapter', `${WIDGET}/chatwoot/index.html`],
  ['the Zendesk app page', `${WIDGET}/zendesk/assets/iframe.html`],
];

for (const [name, url] of PAGES) {
  test(`${name} runs under the strict CSP with no violation`, async ({ page }) => {
    await recordViolations(page);
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/.test(m.text())) errors.push(m.text()); });
    const resp = await page.goto(url);
    expect(resp.status()).toBe(200);
    const csp = resp.headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    await page.waitForLoadState('load');
    // Let the app render (and the sidebar frame, where there is one).
    await page.waitForFunction(() => performance.getEntriesByName('turnaround:interactive').length > 0 || document.querySelector('iframe'), null, { timeout: 15_000 }).catch(() => {});
    await page.waitForTimeout(500);
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
}
