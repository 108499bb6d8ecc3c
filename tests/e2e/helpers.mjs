// Shared helpers for the end-to-end tests.
import { expect } from '@playwright/test';

export const PORT = Number(process.env.E2E_PORT || 8181);
export const HOST = `http://127.0.0.1:${PORT}`;     // the helpdesk's origin
export const WIDGET = `http://localhost:${PORT}`;   // the sidebar's origin
export const STRANGER = `http://127.0.0.2:${PORT}`; // a third origin

/**
 * Empties the demo helpdesk's shared session store (the server keeps it
 * across pages and contexts): `test.beforeEach(resetDemoStore)` in every spec
 * that opens the demo, so no test sees another's sessions.
 */
export async function resetDemoStore({ request }) {
  const r = await request.post(`${HOST}/api/reset`);
  expect(r.status(), 'POST /api/reset (DEMO_STORE_RESET=1 in playwright.config.mjs)').toBe(204);
}

/** Opens the demo helpdesk and returns the sidebar's frame once it shows a ticket. */
export async function openDemo(page, query = '') {
  await page.goto(`${HOST}/demo-helpdesk.html${query}`);
  const frame = page.frameLocator('#sidebar iframe');
  await expect(frame.locator('#ta-step-title')).toBeVisible();
  return frame;
}

/** Collects CSP violations and page errors; call `check()` at the end of a test. */
export function watchPage(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  return { problems, check: () => expect(problems).toEqual([]) };
}
