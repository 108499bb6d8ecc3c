// Built-in playbooks the sidebar's bundle does not carry (all but the English
// default, and every Spanish and German version) are fetched from
// dist/playbooks/ when needed: picked, a ticket saved on one, the host's
// init.playbook or init.locale. A failed fetch says so, changes nothing and
// offers another try. Embedded tests use the raw host page on 127.0.0.1 with
// the sidebar on localhost, as protocol.spec.mjs does. The trainer's bundle
// carries no built-in scenario or playbook: it lists the scenarios' cards and
// fetches the one picked, with its playbook (the 'trainer' block here, and
// trainer.spec.mjs for English).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { HOST, WIDGET, watchPage } from './helpers.mjs';

const ROOT = new URL('../../static/', import.meta.url).pathname;
const firstStepTitle = (path) => JSON.parse(readFileSync(ROOT + path, 'utf8')).steps[0].title;

/** Every request for a playbook file the page makes, as paths. */
function playbookRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/playbooks/')) seen.push(path);
  });
  return seen;
}

// The interface's words in a language (static/i18n/<lang>.json; English is the key itself).
const words = (lang) => (lang === 'en' ? null : JSON.parse(readFileSync(`${ROOT}i18n/${lang}.json`, 'utf8')));
const say = (lang, text) => (lang === 'en' ? text : words(lang)[text]);
const picker = (root, lang = 'en') => root.getByRole('combobox', { name: say(lang, 'Playbook') });

test('a fresh sidebar fetches no playbook; picking LEAP fetches it and it works', async ({ page }) => {
  const watch = watchPage(page);
  const fetched = playbookRequests(page);
  await page.goto(`${WIDGET}/index.html?ticket=pick-${test.info().project.name}`);
  await expect(page.locator('#ta-step-title')).toHaveText(firstStepTitle('playbooks/turnaround.json'));
  expect(fetched, 'the default is compiled in').toEqual([]);
  await picker(page).selectOption('leap');
  await expect(page.getByRole('status').first()).toContainText('of 10 steps done');
  await expect(page.locator('#ta-step-title')).toHaveText(firstStepTitle('playbooks/leap.json'));
  expect(fetched).toEqual(['/playbooks/leap.json']);
  await page.getByRole('checkbox', { name: /^Step 1: / }).check();
  await expect(page.getByRole('status').first()).toContainText('1 of 10 steps done');
  watch.check();
});

test('the service alert on a fetched playbook names its steps by their titles', async ({ page }) => {
  await page.goto(`${WIDGET}/index.html?ticket=alert-${test.info().project.name}&playbook=leap`);
  await page.getByRole('checkbox', { name: /^Step 1: / }).check();
  await page.locator('.ta-checklist .ta-row-go').nth(9).click(); // "prevent": the service alert
  const alert = page.getByRole('region', { name: 'Service alert' });
  await alert.getByRole('button', { name: 'Fill from session' }).click();
  const texts = () => alert.locator('textarea').evaluateAll((els) => els.map((e) => e.value).join('\n'));
  await expect.poll(texts).toContain(`${firstStepTitle('playbooks/leap.json')} done`);
});

test('a ticket saved on a fetched playbook opens on it after a reload', async ({ page }) => {
  const ticket = `saved-${test.info().project.name}`;
  await page.goto(`${WIDGET}/index.html?ticket=${ticket}`);
  await picker(page).selectOption('six-step');
  await expect(page.getByRole('status').first()).toContainText('of 6 steps done');
  await page.getByRole('checkbox', { name: /^Step 2: / }).check();
  const fetched = playbookRequests(page);
  await page.reload();
  await expect(picker(page)).toHaveValue('six-step');
  await expect(page.getByRole('status').first()).toContainText('1 of 6 steps done');
  await expect(page.getByRole('checkbox', { name: /^Step 2: / })).toBeChecked();
  expect(fetched).toEqual(['/playbooks/six-step.json']);
});

test('a failed fetch on a pick says so, keeps the playbook and the work, and Try again loads it', async ({ page }) => {
  await page.goto(`${WIDGET}/index.html?ticket=offline-pick-${test.info().project.name}`);
  await page.getByRole('checkbox', { name: /^Step 1: / }).check();
  await page.route('**/playbooks/leap.json', (r) => r.abort('internetdisconnected'));
  await picker(page).selectOption('leap');
  const alert = page.locator('.ta-playbook-wait[role=alert]');
  await expect(alert).toContainText('The playbook “LEAP” could not be loaded');
  await expect(alert).toContainText('“Turnaround” stays in use; nothing has changed.');
  await expect(picker(page)).toHaveValue('turnaround');
  await expect(page.getByRole('status').first()).toContainText('1 of 11 steps done');
  await page.unroute('**/playbooks/leap.json');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('status').first()).toContainText('of 10 steps done');
  await expect(alert).toHaveCount(0);
});

test('a ticket whose playbook cannot be fetched is not opened, not changed, and opens on Try again', async ({ page }) => {
  const ticket = `offline-open-${test.info().project.name}`;
  await page.goto(`${WIDGET}/index.html?ticket=${ticket}`);
  await picker(page).selectOption('ten-step');
  // The default playbook has a step 3 too: tick only once the fetched one is showing.
  await expect(page.getByRole('status').first()).toContainText('0 of 10 steps done');
  await page.getByRole('checkbox', { name: /^Step 3: / }).check();
  await expect(page.getByRole('status').first()).toContainText('1 of 10 steps done');
  const key = await page.evaluate((t) => Object.keys(localStorage).find((k) => k.includes(t) && !k.includes('index')), ticket);
  const before = await page.evaluate((k) => localStorage.getItem(k), key);
  expect(before).toContain('"ten-step"');

  await page.route('**/playbooks/ten-step.json', (r) => r.abort('internetdisconnected'));
  await page.reload();
  const alert = page.locator('.ta-playbook-wait[role=alert]');
  await expect(alert).toContainText('The playbook “Ten steps” this ticket uses could not be loaded');
  await expect(alert).toContainText('nothing has been changed or saved');
  await expect(page.locator('#ta-step-title')).toHaveCount(0);
  await expect(picker(page)).toHaveCount(0);
  expect(await page.evaluate((k) => localStorage.getItem(k), key), 'the stored session is untouched').toBe(before);

  await page.unroute('**/playbooks/ten-step.json');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(picker(page)).toHaveValue('ten-step');
  await expect(page.getByRole('checkbox', { name: /^Step 3: / })).toBeChecked();
});

test.describe('embedded', () => {
  async function openHost(page) {
    await page.goto(`${HOST}/fixtures/host.html?autoack=1`);
    await page.waitForFunction(() => window.fromWidget('ready').length > 0);
    return page.frameLocator('#w');
  }

  test('locale "es" shows the Spanish default playbook, and a ticket an English agent worked opens in Spanish', async ({ page }) => {
    const watch = watchPage(page);
    const frame = await openHost(page);
    await page.evaluate(() => window.init('ES-1', { locale: 'es-MX' }));
    await expect(frame.locator('#ta-step-title')).toHaveText(firstStepTitle('playbooks/es/turnaround.json'));
    await expect(picker(frame, 'es').locator('option[value=six-step]')).toHaveText('Seis pasos');

    // The same ticket, stored by an English agent on LEAP with step 1 done.
    const session = {
      schema: 1, ticket_id: 'ES-2', playbook: 'leap', rev: 4,
      created_at: '2026-11-22T10:00:00Z', updated_at: '2026-11-22T10:05:00Z',
      steps: [{ id: 'listen', done: true, done_at: '2026-11-22T10:01:00Z', note: 'Called twice already' }],
    };
    await page.evaluate((s) => window.init('ES-2', { locale: 'es', session: s }), session);
    await expect(picker(frame, 'es')).toHaveValue('leap');
    // Step 1 is done, so the step on screen is the second; the checklist names the first in Spanish.
    const first = frame.getByRole('checkbox', { name: /^Paso 1: / });
    await expect(first).toBeChecked();
    await expect(frame.locator('.ta-checklist')).toContainText(firstStepTitle('playbooks/es/leap.json'));
    watch.check();
  });

  test('the host\'s init.playbook is fetched and the new ticket opens on it', async ({ page }) => {
    const frame = await openHost(page);
    await page.evaluate(() => window.init('PB-1', { playbook: 'laptop' }));
    await expect(picker(frame)).toHaveValue('laptop');
    await expect(frame.locator('#ta-step-title')).toHaveText(firstStepTitle('playbooks/laptop.json'));
    // The save the host gets names the playbook it asked for.
    await expect.poll(() => page.evaluate(() => window.store['PB-1'] && window.store['PB-1'].playbook)).toBe('laptop');
  });

  test('locale "de" with a failed fetch: the message, nothing saved, then Try again', async ({ page }) => {
    const frame = await openHost(page);
    await page.route('**/playbooks/de/turnaround.json', (r) => r.abort('internetdisconnected'));
    await page.evaluate(() => window.init('DE-1', { locale: 'de' }));
    // In German once its words are here (the catalog is fetched beside the playbook).
    await expect(frame.locator('.ta-playbook-wait[role=alert]')).toContainText('ließ sich nicht laden');
    expect(await page.evaluate(() => window.fromWidget('save').length), 'nothing saved while it waits').toBe(0);
    await page.unroute('**/playbooks/de/turnaround.json');
    await frame.getByRole('button', { name: say('de', 'Try again') }).click();
    await expect(frame.locator('#ta-step-title')).toHaveText(firstStepTitle('playbooks/de/turnaround.json'));
  });
});

test.describe('trainer', () => {
  const scenario = (lang, id) => JSON.parse(readFileSync(`${ROOT}scenarios/${lang}/${id}.json`, 'utf8'));

  for (const [lang, ids] of [['es', ['cita-incumplida', 'cobro-duplicado']], ['de', ['verpasster-termin', 'doppelte-abbuchung']]]) {
    test(`?locale=${lang} lists the ${lang} scenarios at once; the one picked is fetched with its playbook and plays in its language`, async ({ page }) => {
      const watch = watchPage(page);
      const fetched = [];
      page.on('request', (r) => {
        const path = new URL(r.url()).pathname.replace(/^\//, '');
        if (/^(scenarios|playbooks)\//.test(path)) fetched.push(path);
      });
      await page.goto(`${WIDGET}/index.html?view=trainer&locale=${lang}`);
      await expect(page.locator('.ta-scenario')).toHaveCount(ids.length);
      for (const id of ids) await expect(page.locator(`.ta-scenario:has(#ta-card-${id})`)).toContainText(scenario(lang, id).title);
      expect(fetched, 'the cards need no file').toEqual([]);
      await page.locator(`.ta-scenario:has(#ta-card-${ids[0]})`).getByRole('button', { name: new RegExp(`^${say(lang, 'Start')}`) }).click();
      await expect(page.getByText(scenario(lang, ids[0]).nodes[0].line).first()).toBeVisible();
      expect(fetched.sort()).toEqual([`playbooks/${lang}/${scenario(lang, ids[0]).playbook}.json`, `scenarios/${lang}/${ids[0]}.json`]);
      const steps = JSON.parse(readFileSync(`${ROOT}playbooks/${lang}/${scenario(lang, ids[0]).playbook}.json`, 'utf8')).steps;
      await expect(page.locator('.ta-ck-title').first()).toHaveText(steps[0].title);
      watch.check();
    });
  }

  test('a scenario that cannot be fetched is said on its card, in the page language, and nothing else changes', async ({ page }) => {
    await page.route('**/scenarios/es/*.json', (r) => r.abort('internetdisconnected'));
    await page.goto(`${WIDGET}/index.html?view=trainer&locale=es`);
    await expect(page.locator('.ta-scenario')).toHaveCount(2);
    await page.locator('#ta-trainee').fill('Ana');
    const card = page.locator('.ta-scenario:has(#ta-card-cita-incumplida)');
    await card.locator('.ta-start').click();
    await expect(card.getByRole('alert')).toContainText(`No se pudo cargar el escenario «${scenario('es', 'cita-incumplida').title}»`);
    await expect(card.getByRole('alert')).toContainText('No ha cambiado nada');
    await expect(page.locator('#ta-trainee')).toHaveValue('Ana');
    await expect(page.locator('.ta-scenario')).toHaveCount(2);
    await page.unroute('**/scenarios/es/*.json');
    await card.getByRole('button', { name: say('es', 'Try again') }).click();
    await expect(page.getByText(scenario('es', 'cita-incumplida').nodes[0].line).first()).toBeVisible();
  });
});
