// The product's language (issue 16): the host's init.locale (embed.js's
// `locale` option), the page's ?locale=, else the browser's languages;
// <html lang> follows, and a language Turnaround lacks is said once.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

// The interface, not the content: the playbook's own words (step titles, why
// and how, tips, phrases, its name in the picker) come from the playbook files
// and are checked by their own tests; the ticket's subject and names are the host's.
const CONTENT = '.ta-why, .ta-how, .ta-tips li, .ta-phrase-text, #ta-step-title, .ta-row-title, .ta-title, .ta-sub, option, .ta-hold';

/** Every English interface text of the catalog (its keys) that should not show in another language. */
function englishTexts(lang) {
  const catalog = JSON.parse(readFileSync(new URL(`../../static/i18n/${lang}.json`, import.meta.url), 'utf8'));
  const out = [];
  // An English word that the language itself uses ("Solo" in Spanish, "Problem" in German) proves nothing.
  const theirs = Object.values(catalog).map((v) => (typeof v === 'string' ? v : `${v.one}\n${v.other}`)).join('\n');
  for (const [key, value] of Object.entries(catalog)) {
    const translated = `${typeof value === 'string' ? value : value.other}\n${theirs}`;
    // The literal pieces of a template, long enough to mean something on their own.
    for (const piece of key.split(/\{[^}]*\}/)) {
      const p = piece.trim().replace(/^[:,.·]\s*|[:,]$/g, '').trim();
      if (p.length < 3 || translated.includes(p)) continue; // same in both languages (a product name, "Chat")
      out.push(p);
    }
  }
  return [...new Set(out)];
}

/** The visible interface text of the page (and its labels), content left out. */
async function interfaceText(target, content) {
  return target.evaluate((skip) => {
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll(skip).forEach((n) => n.remove());
    const labels = [...copy.querySelectorAll('[aria-label], [placeholder], [title]')]
      .map((n) => [n.getAttribute('aria-label'), n.getAttribute('placeholder'), n.getAttribute('title')].filter(Boolean).join(' '));
    document.body.appendChild(copy);
    copy.style.position = 'absolute';
    const text = copy.innerText;
    copy.remove();
    // Labels often carry content ("Step 1: <its title>"): the small-word check reads the text only.
    return `${text}\n\u0000${labels.join('\n')}`;
  }, content);
}

function englishIn(text, lang) {
  const words = (s) => new RegExp(`(^|[^\\p{L}])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u');
  const keys = englishTexts(lang).filter((en) => words(en).test(text));
  // A text that never reached the catalog is not among its keys: English's
  // commonest small words catch it (neither Spanish nor German has them).
  const stray = text.split('\u0000')[0].split('\n').filter((line) => /\b(the|your|you|with|this|from|and|not)\b/i.test(line));
  return [...keys, ...stray];
}

for (const [locale, lang] of [['es-MX', 'es'], ['de', 'de']]) {
  test(`an embedded sidebar opened with locale "${locale}" shows no English interface text on any step`, async ({ page }) => {
    await page.goto(`${HOST}/fixtures/embed-host.html`);
    await page.evaluate((l) => window.start({ locale: l, capabilities: { insert_text: true, note: true } }), locale);
    const frame = page.frameLocator('#sidebar iframe');
    await expect(frame.locator('.ta-id')).toHaveText('#EMB-1');
    const widget = page.frames().find((f) => f.url().startsWith(`${WIDGET}/index.html`));
    await expect.poll(() => widget.evaluate(() => document.documentElement.lang)).toBe(lang);
    // The catalog has arrived when the status line speaks the language.
    await expect(frame.locator('.ta-save')).not.toHaveText(/Saved|saved/);
    const rows = frame.locator('.ta-row-go');
    const n = await rows.count();
    expect(n).toBeGreaterThan(3);
    for (let i = 0; i < n; i++) {
      await rows.nth(i).click();
      await frame.locator('.ta-foot .ta-link').first().click(); // the keyboard shortcuts, open
      const found = englishIn(await interfaceText(widget, CONTENT), lang);
      expect({ step: i + 1, english: found }).toEqual({ step: i + 1, english: [] });
      await frame.locator('.ta-foot .ta-link').first().click();
    }
  });
}

for (const lang of ['es', 'de']) {
  test(`the trainer's scenario picker with ?locale=${lang} shows no English interface text`, async ({ page }) => {
    await page.goto(`${WIDGET}/index.html?view=trainer&locale=${lang}`);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
    await expect(page.locator('.ta-views a').first()).not.toHaveText('Sidebar');
    await expect(page.locator('.ta-scenario').first()).toBeVisible();
    // The scenarios' own words (titles, personas, summaries, playbook names) are content.
    const found = englishIn(await interfaceText(page, '.ta-scenario h3, .ta-scenario .ta-sr, .ta-persona, .ta-summary, .ta-pill-file, .ta-load-errors'), lang);
    expect(found).toEqual([]);
  });
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
async function axeScan(target) {
  await target.evaluate(AXE);
  return target.evaluate((tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } }).then((r) => r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((x) => x.target.join(' ')).slice(0, 5), help: v.help }))), WCAG);
}

for (const lang of ['en', 'es', 'de']) {
  test(`the sidebar and the trainer have no WCAG 2.1 AA violations in ${lang}`, async ({ page }) => {
    await page.goto(`${WIDGET}/index.html?ticket=axe-${lang}&locale=${lang}`);
    await expect(page.locator('#ta-step-title')).toBeVisible();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
    if (lang !== 'en') await expect(page.locator('.ta-save')).not.toHaveText(/Saved/);
    const rows = page.locator('.ta-row-go');
    const n = await rows.count();
    for (let i = 0; i < n; i++) {
      await rows.nth(i).click();
      expect({ step: i + 1, violations: await axeScan(page) }).toEqual({ step: i + 1, violations: [] });
    }
    await page.goto(`${WIDGET}/index.html?view=trainer&locale=${lang}`);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
    expect(await axeScan(page)).toEqual([]);
  });
}

// The trainer's run, debrief and replay (issue 16): a scenario in the page's
// language played to its end, every screen scanned. The scenario's own words
// (lines, replies, feedback, facts, persona, outcomes) are its file's, in
// that language already; what is scanned is everything the page adds.
const scenarioIn = (lang, id) => JSON.parse(readFileSync(new URL(`../../static/scenarios/${lang}/${id}.json`, import.meta.url), 'utf8'));

/** The replies on screen belong to one node of the scenario (the page shuffles them). */
async function nodeOnScreen(page, sc) {
  const shown = (await page.locator('.ta-option-text').allTextContents()).map((t) => t.trim()).sort();
  return sc.nodes.find((n) => JSON.stringify(n.replies.map((r) => r.text).sort()) === JSON.stringify(shown));
}

for (const [lang, id] of [['es', 'cita-incumplida'], ['de', 'verpasster-termin']]) {
  test(`the trainer's solo run, debrief, replay and exports with ?locale=${lang} show no English interface text`, async ({ page }) => {
    const sc = scenarioIn(lang, id);
    await page.goto(`${WIDGET}/index.html?view=trainer&locale=${lang}`);
    // No name typed: the page's word for an unnamed trainee shows, in its language.
    await page.locator(`.ta-scenario:has(#ta-card-${id}) .ta-start`).click();
    await expect(page.locator('.ta-run h1')).toBeFocused();
    const scan = async (where) => {
      const english = englishIn(await interfaceText(page, '.ta-msg-text, .ta-option-text'), lang);
      expect({ where, english }).toEqual({ where, english: [] });
    };
    await scan('the start');
    // First a reply with a mistake (the mood's reason and "hurt" show), then the best ones.
    const worst = (n) => [...n.replies].sort((a, b) => (b.mistakes?.length || 0) - (a.mistakes?.length || 0))[0];
    const best = (n) => [...n.replies].sort((a, b) => (a.mistakes?.length || 0) - (b.mistakes?.length || 0) || (b.moves?.length || 0) - (a.moves?.length || 0))[0];
    for (let turn = 0; turn < 30 && (await page.locator('.ta-debrief').count()) === 0; turn++) {
      const node = await nodeOnScreen(page, sc);
      expect(node).toBeTruthy();
      const given = await page.locator('.ta-msg-agent').count();
      await page.locator('.ta-option', { hasText: (turn === 0 ? worst : best)(node).text }).click();
      await expect.poll(async () => (await page.locator('.ta-debrief').count()) > 0 || (await page.locator('.ta-msg-agent').count()) > given).toBe(true);
      if (turn === 0 && (await page.locator('.ta-debrief').count()) === 0) await scan('after a reply');
    }
    await expect(page.locator('.ta-debrief h1')).toBeFocused();
    await scan('the debrief');
    await page.locator('.ta-debrief-actions button').first().click(); // Replay
    await page.locator('#ta-replay .ta-btn-primary').click(); // Next
    await scan('the replay');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.ta-debrief-actions button').nth(1).click()]);
    await expect(page.locator('.ta-debrief .ta-status-line')).not.toBeEmpty();
    await scan('after the JSON export');
    expect(download.suggestedFilename()).toMatch(/^turnaround-debrief-/);
  });

  test(`the trainer's live run with ?locale=${lang} shows no English interface text`, async ({ page }) => {
    await page.goto(`${WIDGET}/index.html?view=trainer&locale=${lang}`);
    await page.locator('#ta-trainee').fill('Kim');
    await page.locator('input[name="ta-mode"][value="live"]').check();
    await page.locator(`.ta-scenario:has(#ta-card-${id}) .ta-start`).click();
    await expect(page.locator('.ta-run h1')).toBeFocused();
    await page.locator('.ta-script-line').first().click();
    await page.locator('.ta-rubric-item').first().locator('.ta-seg-btn').first().click();
    await page.locator('.ta-mood-set .ta-btn').nth(2).click();
    const english = englishIn(await interfaceText(page, '.ta-msg-text, .ta-script-line'), lang);
    expect(english).toEqual([]);
  });
}

// The sidebar's words that only show after something happened: the
// temperature curve's sentence, the service alert filled from the session
// (its drafted text too), a follow-up added and its due words, and a
// playbook that is on its way or could not be fetched.
const catalogOf = (lang) => JSON.parse(readFileSync(new URL(`../../static/i18n/${lang}.json`, import.meta.url), 'utf8'));

/** The values typed into the page's text fields (drafted text is not in innerText). */
const fieldValues = (page) => page.locator('textarea, input[type=text]').evaluateAll((els) => els.map((e) => e.value).join('\n'));

for (const lang of ['es', 'de']) {
  test(`the sidebar's tools in use, with ?locale=${lang}, show no English interface text`, async ({ page }) => {
    const say = (en) => { const v = catalogOf(lang)[en]; return typeof v === 'string' ? v : v.other; };
    await page.goto(`${WIDGET}/index.html?ticket=tools-${lang}-${test.info().project.name}&locale=${lang}`);
    await expect(page.locator('#ta-step-title')).toBeVisible();
    await expect(page.locator('.ta-save')).not.toHaveText(/Saved|saved/);
    const scan = async (where, extra = '') => {
      const english = englishIn(`${await interfaceText(page, CONTENT)}\n${extra}`, lang);
      expect({ where, english }).toEqual({ where, english: [] });
    };
    const rows = page.locator('.ta-checklist .ta-row-go');
    await page.getByRole('checkbox', { name: /: / }).first().check();
    // Two temperatures on the calm-loop step: the curve and its sentence.
    await rows.nth(2).click();
    const levels = page.locator('.ta-temperature .ta-seg-btn');
    await levels.nth(3).click();
    await levels.nth(1).click();
    await expect(page.locator('#ta-temp-words')).toBeVisible();
    await scan('the temperature curve');
    // A follow-up, one hour ahead.
    await rows.nth(5).click();
    const tool = page.locator('.ta-followups');
    await tool.locator('input[type=text]').fill('Llamar / Anrufen');
    await tool.locator('.ta-when-btn:not([disabled])').first().click(); // a quick time still ahead of the clock
    await tool.locator('button[type=submit]').click();
    await expect(tool.locator('.ta-list li')).toHaveCount(1);
    await scan('a follow-up added');
    // Ownership taken, a fact and a ruled-out explanation on the worksheet, the advisor's outcome.
    await rows.nth(0).click();
    await page.locator('.ta-tool form.ta-add input[type=text]').fill('Kim');
    await page.locator('.ta-tool form.ta-add button[type=submit]').click();
    await rows.nth(6).click();
    const sheet = page.locator('.ta-tool form');
    await sheet.nth(0).locator('input[type=text]').fill('Factura 4411');
    await sheet.nth(0).locator('button[type=submit]').click();
    await sheet.nth(1).locator('input[type=text]').fill('Doppelt / doble');
    await sheet.nth(1).locator('button[type=submit]').click();
    await sheet.nth(1).locator('input[type=text]').fill('Tarifa / Tarif');
    await sheet.nth(1).locator('button[type=submit]').click();
    await page.locator('.ta-tool li button.ta-link').filter({ hasText: say('Rule out') }).first().click();
    await page.locator('.ta-strike-form input[type=text]').fill('—');
    await page.locator('.ta-strike-form button[type=submit]').click();
    await scan('the worksheet in use', await fieldValues(page));
    await rows.nth(8).click();
    for (let i = 0; i < 6 && (await page.locator('.ta-outcome').count()) === 0; i++) {
      await page.locator('.ta-tool').getByRole('button', { name: say('Yes'), exact: true }).click();
    }
    await expect(page.locator('.ta-outcome')).toBeVisible();
    await scan('the advisor\'s outcome', await fieldValues(page));
    // The service alert, filled from the session.
    await rows.nth(10).click();
    await page.locator('.ta-alert').getByRole('button', { name: say('Fill from session') }).click();
    await expect.poll(() => fieldValues(page)).toContain('Turnaround');
    await scan('the service alert filled', await fieldValues(page));
  });

  test(`a playbook on its way and one that cannot be fetched, with ?locale=${lang}, are said in that language`, async ({ page }) => {
    const cat = catalogOf(lang);
    await page.goto(`${WIDGET}/index.html?ticket=wait-${lang}-${test.info().project.name}&locale=${lang}`);
    await expect(page.locator('#ta-step-title')).toBeVisible();
    await expect(page.locator('.ta-save')).not.toHaveText(/Saved|saved/);
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route(`**/playbooks/${lang}/leap.json`, async (r) => { await held; await r.abort('internetdisconnected'); });
    await page.getByRole('combobox', { name: cat.Playbook }).selectOption('leap');
    const wait = page.locator('.ta-playbook-wait');
    await expect(wait).toBeVisible();
    expect(englishIn(await interfaceText(page, CONTENT), lang)).toEqual([]);
    release();
    await expect(page.locator('.ta-playbook-wait[role=alert]')).toBeVisible();
    expect(englishIn(await interfaceText(page, CONTENT), lang)).toEqual([]);
    await expect(page.locator('.ta-playbook-wait[role=alert] button').first()).toHaveText(cat['Try again']);
  });
}
