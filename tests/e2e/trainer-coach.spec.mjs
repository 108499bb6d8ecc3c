// The trainer page reads typed replies through the coach's worker (the
// trainer's own bundle carries no coach): the worker is fetched only when a
// trainee sends a typed reply, replies sent while the coach is still reading
// wait in the chat and count in the order sent, the coach reads in the page's
// language, and a worker that cannot load still lets the reply count, with a
// message that says why.
import { test, expect } from '@playwright/test';
import { watchPage, WIDGET } from './helpers.mjs';

const TRAINER = `${WIDGET}/index.html?view=trainer`;
const SORRY = "Thank you for calling, and I'm so sorry we let you down today. I will sort this out myself before five today.";
const ASK = 'Could you tell me which morning suits you best for the new visit?';

async function startScenario(page, id) {
  await page.locator(`.ta-scenario:has(#ta-card-${id})`).locator('.ta-start').click();
  await expect(page.locator('.ta-run h1')).toBeFocused();
}

async function sendTyped(page, text) {
  await page.locator('#ta-typed-reply').fill(text);
  await page.locator('.ta-typed button[type=submit]').click();
}

/** Paths the page fetched whose name mentions the coach. */
function coachFetches(page) {
  const fetched = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (/coach/.test(path)) fetched.push(path);
  });
  return fetched;
}

test('a typed reply waits while the coach worker starts; a second one sent meanwhile counts after it, each with its findings', async ({ page }) => {
  const watch = watchPage(page);
  const fetched = coachFetches(page);
  // Hold the worker's script until both replies are sent, so the first is still being read.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/coach-worker.js', async (route) => { await held; await route.continue(); });

  await page.goto(TRAINER);
  await startScenario(page, 'missed-visit');
  await expect(page.locator('.ta-option').first()).toBeVisible();
  expect(fetched, 'no coach before a typed reply').toEqual([]);

  await sendTyped(page, SORRY);
  const waiting = page.locator('.ta-msg-waiting');
  await expect(waiting).toHaveCount(1);
  await expect(waiting).toContainText(SORRY);
  await expect(waiting).toContainText('The coach is reading this reply');
  await expect(page.locator('#ta-typed-reply')).toHaveValue('');
  await expect(page.locator('#ta-typed-reply')).toBeEditable();
  await expect(page.locator('.ta-option').first()).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Stop here' })).toBeDisabled();

  await sendTyped(page, ASK);
  await expect(waiting).toHaveCount(2);
  await expect(waiting.nth(1)).toContainText(ASK);

  release();
  await expect(waiting).toHaveCount(0);
  const replies = page.locator('.ta-msg-agent');
  await expect(replies).toHaveCount(2);
  await expect(replies.nth(0)).toContainText(SORRY);
  await expect(replies.nth(1)).toContainText(ASK);
  // Read in order: the apology moved the customer on to the details, where asking moved her to the plan.
  await expect(replies.nth(0).locator('.ta-coach-notes')).toContainText('The coach heard');
  await expect(replies.nth(0).locator('.ta-coach-notes')).toContainText('an apology');
  await expect(replies.nth(1).locator('.ta-coach-notes')).toContainText('The coach heard');
  await expect(page.locator('.ta-msg-customer')).toContainText(['Right. So what happens now?']);
  await expect(page.locator('.ta-option').first()).toBeEnabled();
  expect(fetched).toEqual(expect.arrayContaining(['/coach-worker.js', '/pkg/coach.js', '/pkg/coach_bg.wasm']));
  watch.check();
});

test('the coach reads a Spanish trainee in Spanish', async ({ page }) => {
  const fetched = coachFetches(page);
  await page.goto(`${TRAINER}&locale=es`);
  await startScenario(page, 'cita-incumplida');
  await sendTyped(page, 'Gracias por su paciencia y lo siento mucho, de verdad.');
  const notes = page.locator('.ta-msg-agent .ta-coach-notes');
  await expect(notes).toContainText('El coach detectó');
  expect(fetched).toEqual(expect.arrayContaining(['/coach/es/cues.txt', '/coach/es/model.bin']));
});

for (const [locale, reply, said, why] of [
  ['en', SORRY, 'The coach could not read this reply', 'its script could not be loaded'],
  ['es', 'Lo siento mucho, me encargo yo.', 'El coach no pudo leer esta respuesta', 'su script no pudo cargarse'],
]) {
  test(`a coach worker that cannot load: the typed reply still counts, and the page says why (${locale})`, async ({ page }) => {
    const watch = watchPage(page);
    await page.route('**/coach-worker.js', (route) => route.fulfill({ status: 404, body: 'not here' }));
    await page.goto(`${TRAINER}&locale=${locale}`);
    await startScenario(page, locale === 'es' ? 'cita-incumplida' : 'missed-visit');
    const turnsBefore = await page.locator('.ta-msg-customer').count();
    await sendTyped(page, reply);
    const agent = page.locator('.ta-msg-agent');
    await expect(agent).toHaveCount(1);
    await expect(agent).toContainText(reply);
    await expect(agent.locator('.ta-coach-notes')).toContainText(said);
    await expect(agent.locator('.ta-coach-notes')).toContainText(why);
    // Counted with nothing heard: the customer answers, and the choices are back.
    await expect.poll(() => page.locator('.ta-msg-customer').count()).toBeGreaterThan(turnsBefore);
    await expect(page.locator('.ta-option').first()).toBeEnabled();
    await expect(page.locator('.ta-msg-waiting')).toHaveCount(0);
    if (locale === 'en') {
      // A second reply is answered at once with the same reason, and counts too
      // (in the Spanish scenario a second unread reply would end the role-play).
      await sendTyped(page, reply);
      await expect(agent).toHaveCount(2);
      await expect(agent.nth(1).locator('.ta-coach-notes')).toContainText(why);
    }
    watch.check();
  });
}
