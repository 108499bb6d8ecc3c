// The role-play trainer as a trainer and a trainee use it: a scenario played
// through the page to a turnaround and to an escalation, the export files
// (JSON, cohort CSV, xAPI), live mode with the trainee's real sidebar in a
// second window, and axe-core scans (WCAG 2.1 A and AA) of every screen.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { watchPage, WIDGET } from './helpers.mjs';

const require = createRequire(import.meta.url);
// Learning Locker's own statement validator: an empty list of warnings is a valid statement.
const validateStatement = require('@learninglocker/xapi-validation').default;
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const TRAINER = `${WIDGET}/index.html?view=trainer`;

/** A built-in scenario file, as the page fetches it when picked. */
const scenario = (id) => JSON.parse(readFileSync(new URL(`../../static/scenarios/${id}.json`, import.meta.url), 'utf8'));
const playbookFile = (id) => JSON.parse(readFileSync(new URL(`../../static/playbooks/${id}.json`, import.meta.url), 'utf8'));

async function axeScan(page) {
  await page.evaluate(AXE);
  return page.evaluate((tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5), help: v.help }))), WCAG);
}

async function startScenario(page, id) {
  await page.locator(`.ta-scenario:has(#ta-card-${id})`).getByRole('button', { name: /^Start/ }).click();
  await expect(page.locator('.ta-run h1')).toBeFocused();
}

/** The node of the scenario whose replies are the options on screen (the page shuffles them). */
async function currentNode(page, sc) {
  const shown = (await page.locator('.ta-option-text').allTextContents()).map((t) => t.trim()).sort();
  const node = sc.nodes.find((n) => JSON.stringify(n.replies.map((r) => r.text).sort()) === JSON.stringify(shown));
  expect(node, `a node with the options ${shown.join(' | ')}`).toBeTruthy();
  return node;
}

const kindOf = (sc, id) => sc.outcomes.find((o) => o.id === id)?.kind;

/** A trainee who does it by the book: no mistakes, as many good moves as possible, moving on. */
function goodReply(sc, node) {
  const score = (r) => (r.mistakes?.length ? -100 * r.mistakes.length : 0) + (r.moves?.length || 0) * 2
    + (kindOf(sc, r.next) === 'turned_around' ? 50 : 0) + (['escalated', 'churned'].includes(kindOf(sc, r.next)) ? -50 : 0)
    + (r.next === node.id ? -1 : 0);
  return [...node.replies].sort((a, b) => score(b) - score(a))[0];
}

/** A trainee who makes every tempting mistake, heading for a manager. */
function badReply(sc, node) {
  const score = (r) => (kindOf(sc, r.next) === 'escalated' ? 100 : 0) + (r.mistakes?.length || 0) * 3 - (r.moves?.length || 0);
  return [...node.replies].sort((a, b) => score(b) - score(a))[0];
}

/** Plays replies picked by `pick` until the debrief shows; returns the replies given. */
async function play(page, sc, pick) {
  const given = [];
  for (let turn = 0; turn < 40 && (await page.locator('.ta-debrief').count()) === 0; turn++) {
    const reply = pick(sc, await currentNode(page, sc));
    given.push(reply.text);
    await page.locator('.ta-option', { hasText: reply.text }).click();
    // Either the reply joins the chat, or it ended the role-play and the debrief shows.
    await expect.poll(async () => (await page.locator('.ta-debrief').count()) > 0 || (await page.locator('.ta-msg-agent').count()) === given.length).toBe(true);
  }
  await expect(page.locator('.ta-debrief h1')).toBeFocused();
  return given;
}

async function downloaded(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

test('a trainee turns an angry customer around; the debrief exports as JSON and xAPI', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto(TRAINER);
  await expect(page.locator('.ta-scenario')).toHaveCount(8);
  await expect(page.getByRole('link', { name: 'Role-play trainer' })).toHaveAttribute('aria-current', 'page');
  expect(await page.evaluate(() => performance.getEntriesByName('turnaround:interactive').length)).toBeGreaterThan(0);
  await page.getByLabel("Trainee's name or email").fill('sam.lee@example.com');
  const sc = scenario('missed-visit');
  await startScenario(page, 'missed-visit');
  await expect(page.locator('.ta-msg-customer').first()).toContainText(sc.nodes[0].line);
  await expect(page.locator('meter.ta-mood-meter')).toHaveAttribute('value', String(sc.mood.start));

  await play(page, sc, goodReply);
  const won = sc.outcomes.find((o) => o.kind === 'turned_around');
  await expect(page.locator('#ta-verdict-h')).toHaveText(won.title);
  await expect(page.locator('.ta-verdict')).toContainText('Outcome: turned around');
  const score = Number(await page.locator('.ta-score-n').textContent());
  expect(score).toBeGreaterThanOrEqual(60);
  await expect(page.locator('.ta-verdict')).toContainText('Success');
  await expect(page.locator('.ta-tips-list li')).toHaveCount(await page.locator('.ta-tips-list li').count());
  expect(await page.locator('.ta-tips-list li').count()).toBeGreaterThanOrEqual(2);
  expect(await page.locator('.ta-curve-list li').count()).toBeGreaterThanOrEqual(2);

  const json = await downloaded(page, 'Export JSON');
  expect(json.name).toMatch(/^turnaround-debrief-missed-visit-sam-lee-example-com-\d{8}-\d{4}\.json$/);
  const debrief = JSON.parse(json.text);
  expect(debrief).toMatchObject({ scenario: 'missed-visit', trainee: 'sam.lee@example.com', outcome: 'turned_around', score, success: true, mode: 'solo' });
  expect(debrief.steps.length).toBe(sc.rubric.length);

  const xapi = JSON.parse((await downloaded(page, 'Export xAPI statements')).text);
  expect(xapi.map((s) => s.verb.id)).toEqual(['http://adlnet.gov/expapi/verbs/completed', 'http://adlnet.gov/expapi/verbs/passed']);
  const again = JSON.parse((await downloaded(page, 'Export xAPI statements')).text);
  expect(again.map((s) => s.id), 're-exporting the run yields the same statement ids').toEqual(xapi.map((s) => s.id));
  expect(new Set(xapi.map((s) => s.id)).size).toBe(2);
  expect(new Set(xapi.map((s) => s.context.registration)).size, 'one registration for the attempt').toBe(1);
  for (const s of xapi) {
    expect(validateStatement(s).map((w) => `${w.path.join('.')}: ${w.message}`)).toEqual([]);
    expect(s.version).toBe('1.0.3');
    expect(s.actor).toMatchObject({ objectType: 'Agent', mbox: 'mailto:sam.lee@example.com' });
    expect(s.object.id, 'activity ids do not depend on the origin serving the page').toBe('https://turnaround.invalid/xapi/scenarios/missed-visit');
    expect(s.object.definition.name['en-US']).toBe(sc.title);
    expect(s.result.score.scaled).toBeGreaterThanOrEqual(0);
    expect(s.result.score.scaled).toBeLessThanOrEqual(1);
    expect(s.result.score.scaled).toBeCloseTo(score / 100, 5);
    expect(s.result.success).toBe(true);
    expect(s.result.duration).toMatch(/^PT(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?$/);
    expect(Number.isNaN(Date.parse(s.timestamp))).toBe(false);
  }
  watch.check();
});

test('the picker lists every scenario without fetching one; a pick fetches its scenario and playbook, once', async ({ page }) => {
  const watch = watchPage(page);
  page.on('dialog', (d) => d.accept());
  const fetched = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname.replace(/^\//, '');
    if (/^(scenarios|playbooks)\//.test(path)) fetched.push(path);
  });
  await page.goto(TRAINER);
  await expect(page.locator('.ta-scenario')).toHaveCount(8);
  const sc = scenario('partly-theirs');
  const card = page.locator('.ta-scenario:has(#ta-card-partly-theirs)');
  await expect(card).toContainText(sc.summary);
  await expect(card).toContainText(sc.persona.name);
  await expect(card).toContainText('Playbook: Six steps');
  expect(fetched, 'nothing fetched before a pick').toEqual([]);

  await startScenario(page, 'partly-theirs');
  expect(fetched.sort()).toEqual(['playbooks/six-step.json', 'scenarios/partly-theirs.json']);
  await expect(page.locator('.ta-msg-customer').first()).toContainText(sc.nodes[0].line);
  // The checklist is the fetched playbook's.
  await expect(page.locator('#ta-covered-h')).toHaveText('Checklist: Six steps');
  await expect(page.locator('.ta-ck-title').first()).toHaveText(playbookFile('six-step').steps[0].title);

  await page.getByRole('button', { name: 'Stop here' }).click();
  await page.getByRole('button', { name: 'Run it again' }).click();
  await expect(page.locator('.ta-run h1')).toBeFocused();
  await page.getByRole('button', { name: 'Stop here' }).click();
  await page.getByRole('button', { name: 'Choose another scenario' }).click();
  await startScenario(page, 'partly-theirs');
  expect(fetched, 'what came once is kept for the page').toHaveLength(2);
  watch.check();
});

test('a pick whose files cannot be fetched says why on its card, changes nothing, and can be tried again', async ({ page }) => {
  const watch = watchPage(page);
  await page.route('**/playbooks/turnaround.json', (r) => r.abort('internetdisconnected'));
  await page.goto(TRAINER);
  await page.getByLabel("Trainee's name or email").fill('Alex Rivera');
  await page.getByLabel(/^Live/).check();
  const sc = scenario('missed-visit');
  const card = page.locator('.ta-scenario:has(#ta-card-missed-visit)');
  await card.getByRole('button', { name: /^Start/ }).click();
  const alert = card.getByRole('alert');
  await expect(alert).toContainText(`The scenario “${sc.title}” could not be loaded`);
  await expect(alert).toContainText('Nothing has changed');
  await expect(page.locator('.ta-run')).toHaveCount(0);
  await expect(page.getByLabel("Trainee's name or email")).toHaveValue('Alex Rivera');
  await expect(page.getByLabel(/^Live/)).toBeChecked();
  await expect(page.locator('.ta-scenario')).toHaveCount(8);
  expect({ screen: 'a failed pick', violations: await axeScan(page) }).toEqual({ screen: 'a failed pick', violations: [] });

  await page.unroute('**/playbooks/turnaround.json');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('.ta-run h1')).toBeFocused();
  await expect(page.locator('.ta-crib')).toContainText(sc.persona.wants);
  await expect(page.locator('.ta-rubric-item h3').first()).toContainText(playbookFile('turnaround').steps.find((s) => s.id === sc.rubric[0].step).title);
  watch.check();
});

test('a careless trainee gets the customer escalated; the cohort CSV has every run', async ({ page }) => {
  const watch = watchPage(page);
  page.on('dialog', (d) => d.accept());
  await page.goto(TRAINER);
  await page.getByLabel("Trainee's name or email").fill('Alex Rivera');
  const sc = scenario('no-callback');
  await startScenario(page, 'no-callback');
  await play(page, sc, badReply);
  await expect(page.locator('.ta-verdict')).toContainText('Outcome: escalated');
  await expect(page.locator('.ta-verdict')).toContainText('Not yet');
  const escalations = sc.outcomes.filter((o) => o.kind === 'escalated').map((o) => o.title);
  expect(escalations).toContain((await page.locator('#ta-verdict-h').textContent()).trim());
  expect(Number(await page.locator('.ta-score-n').textContent())).toBeLessThanOrEqual(59);
  await expect(page.locator('.ta-effect-list.ta-up li').first()).toBeVisible();

  // Again, then stop early: the cohort now has two runs.
  await page.getByRole('button', { name: 'Run it again' }).click();
  await page.getByRole('button', { name: 'Stop here' }).click();
  await expect(page.locator('.ta-verdict')).toContainText('Outcome: gave up');
  const csv = await downloaded(page, /^Export CSV/);
  expect(csv.name).toMatch(/^turnaround-cohort-\d{8}-\d{4}\.csv$/);
  const rows = csv.text.trim().split('\r\n');
  expect(rows[0]).toContain('trainee');
  expect(rows[0]).toContain('score');
  expect(rows).toHaveLength(3);
  expect(rows[1]).toContain('Alex Rivera');
  expect(rows[1]).toContain('escalated');
  expect(rows[2]).toContain('gave_up');

  // Back at the picker, the session's results are listed and exportable.
  await page.getByRole('button', { name: 'Choose another scenario' }).click();
  await expect(page.locator('.ta-cohort tbody tr')).toHaveCount(2);
  await expect(page.locator('.ta-scenario:has(#ta-card-no-callback) .ta-start')).toBeFocused();
  watch.check();
});

test('live: the customer\'s lines reach the trainee\'s sidebar as its thread, and what the trainee types is coached', async ({ page, context }) => {
  await page.goto(TRAINER);
  await page.getByLabel("Trainee's name or email").fill('Jo Park');
  await page.getByLabel(/^Live/).check();
  await startScenario(page, 'missed-visit');
  const link = page.getByRole('link', { name: /Open the trainee's sidebar/ });
  const [sidebar] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await sidebar.waitForLoadState();
  await expect(sidebar.locator('#ta-step-title')).toBeVisible();
  await page.bringToFront();
  await page.getByLabel('Say as the customer').fill('NOBODY CAME AND NOBODY CALLED. I WANT A MANAGER NOW OR I WILL SUE YOU!!!');
  await page.getByRole('button', { name: 'Say it' }).click();
  // The trainee's sidebar reads the line, as it reads a helpdesk's thread.
  await expect(sidebar.locator('.ta-temp-curve .ta-temp-pt')).toHaveCount(1);
  await expect(sidebar.locator('.ta-temp-now')).toContainText('Furious');
  await page.getByLabel('Say as the customer').fill('Fine. Thank you for listening, at least.');
  await page.getByRole('button', { name: 'Say it' }).click();
  await expect(sidebar.locator('.ta-temp-curve .ta-temp-pt')).toHaveCount(2);
  // What the trainee types is coached against the customer's words, and a thank-you offers its check-off.
  await sidebar.getByLabel('Your draft reply').fill('Thank you for telling me, and sorry, but that is our policy.');
  await expect(sidebar.getByRole('list', { name: 'What to fix' })).toContainText('Sorry, but');
  await expect(sidebar.locator('.ta-offer', { hasText: 'you thanked them' })).toBeVisible();
  await expect(sidebar.getByRole('checkbox', { name: /Step 2:/ })).not.toBeChecked();
});

test('live: the trainer plays the customer, follows the trainee sidebar and scores the rubric', async ({ page, context }) => {
  const watch = watchPage(page);
  await page.goto(`${TRAINER}&xapi_base=${encodeURIComponent('https://lrs.acme.example/turnaround/')}`);
  await page.getByLabel("Trainee's name or email").fill('Jo Park');
  await page.getByLabel(/^Live/).check();
  const sc = scenario('missed-visit');
  await startScenario(page, 'missed-visit');
  await expect(page.locator('.ta-crib')).toContainText(sc.persona.wants);

  // The trainee's real sidebar, in its own window, on this run's ticket.
  const link = page.getByRole('link', { name: /Open the trainee's sidebar/ });
  await expect(link).toHaveAttribute('target', '_blank');
  const [sidebar] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await sidebar.waitForLoadState();
  expect(sidebar.url()).toContain('ticket=training-');
  const firstStep = sc.rubric[0].step;
  await sidebar.locator(`#ta-check-${firstStep}`).check();
  await expect(page.locator('.ta-rubric-item').first()).toContainText('Sidebar: checked by the trainee');
  await page.bringToFront(); // a background tab's animation frames are throttled, which slows every click

  await page.locator('.ta-script-line').first().click();
  await expect(page.locator('.ta-chat')).toContainText(sc.nodes[0].line);
  await page.getByLabel('Say as the customer').fill('And another thing: nobody even texted me.');
  await page.getByRole('button', { name: 'Say it' }).click();
  await expect(page.locator('.ta-chat')).toContainText('nobody even texted me');
  await page.getByRole('group', { name: 'Set the mood' }).getByRole('button', { name: 'Upset' }).click();
  await expect(page.locator('meter.ta-mood-meter')).toHaveAttribute('value', '40');

  // Score: all covered except one partly and one missed.
  const items = page.locator('.ta-rubric-item');
  const n = await items.count();
  expect(n).toBe(sc.rubric.length);
  for (let i = 0; i < n; i++) {
    const mark = i === 1 ? 'Partly' : i === 2 ? 'Missed' : 'Covered';
    await items.nth(i).getByRole('button', { name: mark }).click();
    await expect(items.nth(i).getByRole('button', { name: mark })).toHaveAttribute('aria-pressed', 'true');
  }
  const weights = sc.rubric.map((r) => r.weight ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const earned = weights.reduce((a, w, i) => a + (i === 1 ? w / 2 : i === 2 ? 0 : w), 0);
  await page.locator('.ta-end').getByRole('button', { name: /^Turned around/ }).click();
  await expect(page.locator('.ta-debrief h1')).toBeFocused();
  await expect(page.locator('.ta-score-n')).toHaveText(String(Math.round((earned / total) * 100)));
  await expect(page.locator('.ta-d-steps')).toContainText('partly');
  await expect(page.locator('.ta-d-steps')).toContainText('missed');
  const json = JSON.parse((await downloaded(page, 'Export JSON')).text);
  expect(json).toMatchObject({ mode: 'live', outcome: 'turned_around', trainee: 'Jo Park' });
  const xapi = JSON.parse((await downloaded(page, 'Export xAPI statements')).text);
  expect(xapi[0].actor).toEqual({ objectType: 'Agent', name: 'Jo Park', account: { homePage: WIDGET, name: 'Jo Park' } });
  for (const s of xapi) expect(validateStatement(s).map((w) => `${w.path.join('.')}: ${w.message}`)).toEqual([]);
  expect(xapi[0].object.id, 'the organisation chose the IRI base').toBe('https://lrs.acme.example/turnaround/scenarios/missed-visit');
  watch.check();
});

for (const theme of ['light', 'dark']) {
  test(`no WCAG 2.1 AA violations on the picker, a run, live, the debrief and the replay (${theme})`, async ({ page }) => {
    const watch = watchPage(page);
    await page.goto(`${TRAINER}&theme=${theme}`);
    await expect(page.locator('.ta-scenario')).toHaveCount(8);
    expect({ screen: 'picker', violations: await axeScan(page) }).toEqual({ screen: 'picker', violations: [] });

    // A bad file's report is part of the picker too.
    await page.locator('#ta-scenario-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"id": "x", "title": 3}') });
    await expect(page.locator('.ta-load-bad')).toContainText('broken.json was not loaded');
    await expect(page.locator('.ta-load-bad')).toContainText('title');
    await expect(page.locator('.ta-scenario')).toHaveCount(8);
    expect({ screen: 'load errors', violations: await axeScan(page) }).toEqual({ screen: 'load errors', violations: [] });

    const sc = scenario('partly-theirs');
    await startScenario(page, 'partly-theirs');
    const node = await currentNode(page, sc);
    await page.locator('.ta-option', { hasText: goodReply(sc, node).text }).click();
    await page.getByLabel('Or answer in your own words').fill("Thank you for telling us, and I'm sorry. Could you tell me which order it was?");
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(page.locator('.ta-msg-agent')).toHaveCount(2);
    await expect(page.locator('.ta-coach-notes')).toBeVisible();
    expect({ screen: 'run', violations: await axeScan(page) }).toEqual({ screen: 'run', violations: [] });

    page.on('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Stop here' }).click();
    await expect(page.locator('.ta-debrief')).toBeVisible();
    await page.getByRole('button', { name: 'Replay' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.locator('.ta-replay-where')).toContainText('Step 1 of 3');
    expect({ screen: 'debrief', violations: await axeScan(page) }).toEqual({ screen: 'debrief', violations: [] });

    await page.getByRole('button', { name: 'Choose another scenario' }).click();
    await page.getByLabel(/^Live/).check();
    await startScenario(page, 'partly-theirs');
    await page.locator('.ta-script-line').first().click();
    await page.locator('.ta-rubric-item').first().getByRole('button', { name: 'Covered' }).click();
    expect({ screen: 'live', violations: await axeScan(page) }).toEqual({ screen: 'live', violations: [] });
    watch.check();
  });
}

test('the debrief prints without the page chrome', async ({ page }) => {
  const watch = watchPage(page);
  page.on('dialog', (d) => d.accept());
  await page.goto(TRAINER);
  await startScenario(page, 'missed-visit');
  await page.getByRole('button', { name: 'Stop here' }).click();
  await expect(page.locator('.ta-debrief')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.ta-topbar')).toBeHidden();
  await expect(page.locator('.ta-debrief-actions')).toBeHidden();
  await expect(page.locator('.ta-score-n')).toBeVisible();
  await expect(page.locator('.ta-chart-svg')).toBeVisible();
  watch.check();
});
