// The helpdesk adapters, each against a fake parent page that sends exactly
// what the real product sends:
//   Chatwoot Dashboard App (static/chatwoot/): fixtures/chatwoot.html posts the
//     JSON string {event: 'appContext', data} with '*' when the app frame loads
//     and on 'chatwoot-dashboard-app:fetch-info', as Chatwoot's Frame.vue does.
//   Zendesk ticket-sidebar app (static/zendesk/, built into dist/zendesk/):
//     fixtures/zendesk.html answers the real ZAF SDK's postMessage protocol
//     (iframe.handshake -> zaf.app.registered; get/set/invoke requests -> {id, result}).
// The fake parents are on 127.0.0.1, the adapters on localhost, the sidebar
// nested inside the adapter.
import { test, expect } from '@playwright/test';
import { HOST, WIDGET, STRANGER, PORT, watchPage } from './helpers.mjs';
import { startStranger } from './fixtures/stranger-server.mjs';

let stopStranger = async () => {};
test.beforeAll(async () => { stopStranger = await startStranger(PORT); });
test.afterAll(async () => { await stopStranger(); });

const stepBox = (frame, n) => frame.getByRole('checkbox', { name: new RegExp(`^Step ${n}:`) });
const partitioned = () => test.info().project.name === 'partitioned';

test.describe('Chatwoot Dashboard App', () => {
  async function openChatwoot(page, query = '') {
    await page.goto(`${HOST}/fixtures/chatwoot.html${query}`);
    const app = page.frameLocator('#dashboard-app--frame-0-0');
    const sidebar = app.frameLocator('#sidebar iframe');
    return { app, sidebar };
  }
  const appFrame = (page) => page.frames().find((f) => f.url().startsWith(`${WIDGET}/chatwoot/index.html`));

  test('the conversation opens with the contact, the agent, the channel and the theme', async ({ page }) => {
    const watch = watchPage(page);
    const { sidebar } = await openChatwoot(page);
    await expect(sidebar.locator('.ta-id')).toHaveText('#1:312');
    await expect(sidebar.locator('.ta-title')).toHaveText('Refund still missing after two weeks');
    await expect(sidebar.locator('.ta-sub')).toContainText('Priya Natarajan');
    await expect(sidebar.locator('.ta-sub')).toContainText('Sam Okafor');
    await expect(sidebar.getByRole('radio', { name: 'Email' })).toHaveAttribute('aria-checked', 'true');
    await expect(sidebar.locator('html')).toHaveAttribute('data-theme', 'light');
    watch.check();
  });

  test('insert is impossible in Chatwoot: the sidebar copies instead and says so', async ({ page }) => {
    const { sidebar } = await openChatwoot(page);
    await expect(sidebar.locator('.ta-id')).toHaveText('#1:312');
    await expect(sidebar.getByRole('button', { name: /Insert phrase/ })).toHaveCount(0);
    await sidebar.getByRole('button', { name: 'Copy phrase 1' }).click();
    await expect(sidebar.getByRole('status')).toContainText('Copied: this helpdesk does not let Turnaround write into the reply, so paste it there.');
  });

  test('older Chatwoot (conversation and contact only) still opens the conversation', async ({ page }) => {
    const { sidebar } = await openChatwoot(page, '?legacy=1');
    await expect(sidebar.locator('.ta-id')).toHaveText('#1:312');
    await expect(sidebar.locator('.ta-title')).toHaveText(/^Where is my refund\? I was promised it/);
    await expect(sidebar.locator('.ta-sub')).toContainText('Priya Natarajan');
    await expect(sidebar.getByRole('radio', { name: 'Chat' })).toHaveAttribute('aria-checked', 'true');
  });

  test('the adapter asks Chatwoot for the context with fetch-info, and follows a conversation switch', async ({ page }) => {
    const { sidebar } = await openChatwoot(page);
    await expect(sidebar.locator('.ta-id')).toHaveText('#1:312');
    expect(await page.evaluate(() => window.fetchInfo)).toBeGreaterThanOrEqual(1);
    await stepBox(sidebar, 1).check();
    await page.evaluate(() => window.switchTo(window.conversation(313, null, 'My order never arrived and the tracking link is dead.')));
    await expect(sidebar.locator('.ta-id')).toHaveText('#1:313');
    await expect(sidebar.locator('.ta-title')).toHaveText('My order never arrived and the tracking link is dead.');
    await expect(stepBox(sidebar, 1)).not.toBeChecked();
    await page.evaluate(() => window.switchTo(window.conversation(312, 'Refund still missing after two weeks', 'Where is my refund?')));
    await expect(sidebar.locator('.ta-id')).toHaveText('#1:312');
    await expect(stepBox(sidebar, 1)).toBeChecked();
  });

  test('sessions go to the adapter\'s own store, and are acknowledged only once written', async ({ page }) => {
    await page.clock.install();
    const { sidebar } = await openChatwoot(page);
    await expect(sidebar.locator('.ta-id')).toHaveText('#1:312');
    await stepBox(sidebar, 2).check();
    if (partitioned()) {
      await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
      const stored = await appFrame(page).evaluate((key) => JSON.parse(localStorage.getItem(key)), `turnaround-chatwoot.session.${HOST}.1:312`);
      expect(stored.ticket_id).toBe('1:312');
      expect(stored.steps[1].done).toBe(true);
    } else {
      // Third-party storage is blocked for the adapter too: nothing is acked, and the sidebar says so.
      for (let i = 0; i < 8; i++) await page.clock.runFor(2_100);
      await expect(sidebar.locator('[data-sync="unconfirmed"]')).toBeVisible();
      await expect(sidebar.getByRole('status')).toContainText('The helpdesk has not confirmed the save');
    }
  });

  test('a contact handed over as {} falls back to the conversation\'s sender', async ({ page }) => {
    const { sidebar } = await openChatwoot(page, '?contact=empty');
    await expect(sidebar.locator('.ta-id')).toHaveText('#1:312');
    await expect(sidebar.locator('.ta-sub')).toContainText('Priya Natarajan');
  });

  test('without an email subject, the subject is what someone wrote: no activity message, no private note', async ({ page }) => {
    const { sidebar } = await openChatwoot(page, '?legacy=1');
    await expect(sidebar.locator('.ta-title')).toHaveText(/^Where is my refund\?/);
    await expect(sidebar.locator('.ta-title')).not.toContainText('auto-assigned');
    await expect(sidebar.locator('.ta-title')).not.toContainText('VIP customer');
  });

  test('the saved-session key names the account, so two accounts on one Chatwoot do not overwrite each other', async ({ page }) => {
    test.skip(!partitioned(), 'the adapter\'s store is blocked without partitioning');
    for (const account of [1, 2]) {
      const { sidebar } = await openChatwoot(page, `?account=${account}`);
      await expect(sidebar.locator('.ta-id')).toHaveText(`#${account}:312`);
      if (account === 1) await stepBox(sidebar, 2).check();
      await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
    }
    const [one, two] = await appFrame(page).evaluate((prefix) => [1, 2].map((a) => JSON.parse(localStorage.getItem(`${prefix}.${a}:312`))), `turnaround-chatwoot.session.${HOST}`);
    expect(one.steps[1].done).toBe(true);
    expect(two.steps[1].done).toBe(false);
  });

  test('the conversation\'s messages are the sidebar\'s thread: customer messages are read, notes and activity are not, new ones follow', async ({ page }) => {
    const { sidebar } = await openChatwoot(page);
    await expect(sidebar.locator('.ta-id')).toHaveText('#1:312');
    // One incoming message; the private note ("FURIOUS!!!") and the activity line are not read.
    await expect(sidebar.locator('.ta-temp-curve .ta-temp-pt')).toHaveCount(1);
    await expect(sidebar.locator('.ta-temp-now')).not.toContainText('Furious');
    await page.evaluate(() => window.receive(0, 'THIS IS A JOKE. REFUND ME TODAY OR I WILL SUE YOU AND TELL EVERYONE!!!'));
    // Chatwoot does not push it: the adapter sees it when it next asks (every few seconds).
    await expect(sidebar.locator('.ta-temp-curve .ta-temp-pt')).toHaveCount(2, { timeout: 15_000 });
    await expect(sidebar.locator('.ta-temp-now')).toContainText('Furious');
    // Agent replies are the agent's: thanking offers the thank step.
    await page.evaluate(() => window.receive(1, 'Thank you for your patience, Priya. I am on it.'));
    await expect(sidebar.locator('.ta-offer', { hasText: 'you thanked them' })).toBeVisible({ timeout: 15_000 });
  });

  test('context from another origin is ignored', async ({ page }) => {
    // A page on another origin, posing as the Chatwoot named in the adapter's URL.
    await page.goto(`${STRANGER}/fixtures/chatwoot.html?as=${encodeURIComponent(HOST)}`);
    const app = page.frameLocator('#dashboard-app--frame-0-0');
    await expect(app.locator('#status')).toHaveText('Waiting for Chatwoot to open a conversation…');
    await page.waitForTimeout(1_500);
    expect(await page.evaluate(() => window.posted)).toBeGreaterThanOrEqual(1); // it did post its context
    await expect(app.locator('#sidebar iframe')).toHaveCount(0);
    await expect(app.locator('#status')).toHaveText('Waiting for Chatwoot to open a conversation…');
    // The adapter's fetch-info went only to the configured Chatwoot origin.
    expect(await page.evaluate(() => window.fetchInfo)).toBe(0);
  });

  test('a forged context from a frame that is not Chatwoot is ignored', async ({ page }) => {
    const { sidebar } = await openChatwoot(page);
    await expect(sidebar.locator('.ta-id')).toHaveText('#1:312');
    for (const origin of [STRANGER, HOST]) {
      const name = `forger-${origin === HOST ? 'same' : 'other'}`;
      await page.evaluate(([src, n]) => window.addFrame(src, n), [`${origin}/fixtures/blank.html`, name]);
      const forger = page.frame({ name });
      await forger.evaluate(() => {
        const forged = { event: 'appContext', data: { conversation: { id: 666, meta: { sender: { id: 1, name: 'Mallory' } }, messages: [] }, contact: { id: 1, name: 'Mallory' }, currentAgent: { id: 9, name: 'Mallory' } } };
        window.parent.frames[0].postMessage(JSON.stringify(forged), '*');
      });
    }
    await page.waitForTimeout(1_500);
    await expect(sidebar.locator('.ta-id')).toHaveText('#1:312');
    await expect(sidebar.locator('.ta-sub')).not.toContainText('Mallory');
  });

  test('opened outside Chatwoot or without ?chatwoot=, the adapter says what it needs', async ({ page }) => {
    await page.goto(`${WIDGET}/chatwoot/index.html`);
    await expect(page.locator('#status')).toContainText('Add your Chatwoot address');
    await page.goto(`${WIDGET}/chatwoot/index.html?chatwoot=${encodeURIComponent('https://app.chatwoot.example/path')}`);
    await expect(page.locator('#status')).toContainText('Add your Chatwoot address');
    await page.goto(`${WIDGET}/chatwoot/index.html?chatwoot=${encodeURIComponent('https://app.chatwoot.example')}`);
    await expect(page.locator('#status')).toContainText('open it from a conversation in Chatwoot');
  });
});

test.describe('Zendesk ticket-sidebar app', () => {
  async function openZendesk(page, query = '') {
    await page.goto(`${HOST}/fixtures/zendesk.html${query}`);
    const app = page.frameLocator('#app');
    const sidebar = app.frameLocator('#sidebar iframe');
    await expect(sidebar.locator('.ta-id')).toHaveText('#4711');
    return { app, sidebar };
  }
  const zaf = (page) => page.evaluate(() => window.zaf);

  test('by default the sidebar is the one inside the app (assets/sidebar.html); turnaround_url overrides it', async ({ page }) => {
    await openZendesk(page);
    const inside = page.frames().find((f) => f.url().startsWith(`${WIDGET}/zendesk/assets/sidebar.html`));
    expect(inside).toBeTruthy();
    await page.goto(`${HOST}/fixtures/zendesk.html?setting=${encodeURIComponent(`${WIDGET}/index.html`)}`);
    await expect(page.frameLocator('#app').frameLocator('#sidebar iframe').locator('.ta-id')).toHaveText('#4711');
    expect(page.frames().some((f) => f.url().startsWith(`${WIDGET}/index.html`))).toBe(true);
  });

  test('the real ZAF SDK handshakes, and the ticket context reaches the sidebar', async ({ page }) => {
    const watch = watchPage(page);
    const { sidebar } = await openZendesk(page);
    await expect(sidebar.locator('.ta-title')).toHaveText('Invoice charged twice in October');
    await expect(sidebar.locator('.ta-sub')).toContainText('Dana Reyes');
    await expect(sidebar.locator('.ta-sub')).toContainText('Sam Okafor');
    await expect(sidebar.getByRole('radio', { name: 'Email' })).toHaveAttribute('aria-checked', 'true');
    const z = await zaf(page);
    expect(z.received[0]).toMatchObject({ key: 'iframe.handshake', appGuid: 'a1b2c3d4-0000-4000-8000-turnaround' });
    expect(z.gets.flat()).toEqual(expect.arrayContaining(['ticket.id', 'ticket.subject', 'ticket.requester.name', 'ticket.requester.email', 'currentUser.name']));
    watch.check();
  });

  test('the requester\'s latest comment reaches the coach as text', async ({ page }) => {
    const { sidebar } = await openZendesk(page);
    // The newest end-user comment (by id), its HTML read as text.
    await expect(sidebar.locator('.ta-reading')).toContainText(/Reads as (angry|furious)/);
    await expect(sidebar.locator('.ta-reading')).toContainText('Cancel my account');
  });

  test('ticket.conversation reaches the sidebar as text: customer comments read, the internal note not', async ({ page }) => {
    const { sidebar } = await openZendesk(page);
    // Two end-user comments; the internal note ("VERY ANGRY!!!") is not read.
    await expect(sidebar.locator('.ta-temp-curve .ta-temp-pt')).toHaveCount(2);
    await expect(sidebar.locator('.ta-temp-now')).toContainText(/Angry|Furious/);
    // A new comment (ticket.conversation.changed) adds a reading.
    await page.evaluate(() => window.zaf.receive({ author: { id: 90210, name: 'Dana Reyes', role: 'end-user', avatar: '' }, channel: { name: 'email' }, message: { content: '<p>Ok, thank you. I can wait until Friday.</p>', contentType: 'text/html', attachments: [] }, timestamp: '2026-11-22T09:40:00Z' }));
    await expect(sidebar.locator('.ta-temp-curve .ta-temp-pt')).toHaveCount(3);
    // The same conversation again changes nothing.
    await page.evaluate(() => window.zaf.receive({ author: { id: 5, name: 'Billing bot', role: 'agent', avatar: '' }, channel: { name: 'internal' }, message: { content: '<p>note</p>', contentType: 'text/html', attachments: [] }, timestamp: '2026-11-22T09:41:00Z' }));
    await page.waitForTimeout(500);
    await expect(sidebar.locator('.ta-temp-curve .ta-temp-pt')).toHaveCount(3);
  });

  test('a comment\'s HTML is read as text in an inert document: its script and event handlers never run', async ({ page }) => {
    const { sidebar } = await openZendesk(page);
    await expect(sidebar.locator('.ta-temp-curve .ta-temp-pt')).toHaveCount(2);
    // (Under the app page's CSP the browser reports the handler as blocked when it parses
    // it, though a DOMParser document never runs it: no watchPage here.)
    await page.evaluate(() => window.zaf.receive({ author: { id: 90210, name: 'Dana Reyes', role: 'end-user', avatar: '' }, channel: { name: 'email' },
      message: { content: '<p>I AM DONE WITH YOU PEOPLE!!!</p><script>window.parent.pwned = 1</script><img src="x" onerror="window.parent.pwned = 2"><p>Refund me.</p>', contentType: 'text/html', attachments: [] },
      timestamp: '2026-11-22T09:50:00Z' }));
    await expect(sidebar.locator('.ta-temp-curve .ta-temp-pt')).toHaveCount(3);
    await expect(sidebar.locator('.ta-temp-now')).toContainText('Furious');
    expect(await page.evaluate(() => window.pwned)).toBeUndefined();
    const appFrame = page.frames().find((f) => f.url().startsWith(`${WIDGET}/zendesk/assets/iframe.html`));
    expect(await appFrame.evaluate(() => window.pwned)).toBeUndefined();
    // What reached the sidebar is the text, with the script's source left out.
    await expect(sidebar.locator('#ta-customer-msg')).toHaveValue('I AM DONE WITH YOU PEOPLE!!!\nRefund me.');
  });

  test('the reply box is coached as the agent types (comment.text.changed), and "use this" sets comment.text', async ({ page }) => {
    const { sidebar } = await openZendesk(page);
    await page.evaluate(() => window.zaf.type('<p>Sorry, but that&#39;s our policy</p>'));
    const row = sidebar.locator('.ta-draft-coach .ta-finding[data-code="but_apology"]');
    await expect(row).toBeVisible();
    await expect(sidebar.locator('.ta-draft-coach .ta-finding[data-code="policy_wall"]')).toBeVisible();
    await row.getByRole('button', { name: /^Use this/ }).click();
    await expect.poll(async () => (await zaf(page)).sets.filter((x) => 'comment.text' in x).length).toBe(1);
    const z = await zaf(page);
    const html = z.sets.find((x) => 'comment.text' in x)['comment.text'];
    expect(html).toMatch(/^<p>.*<\/p>$/s);
    expect(html.toLowerCase()).not.toContain('sorry, but');
    expect(z.comment.text).toBe(html);
    // The rewritten box is coached again: the "but" finding is gone.
    await expect(row).toHaveCount(0);
  });

  test('insert calls ticket.comment.appendText with the phrase', async ({ page }) => {
    const { sidebar } = await openZendesk(page);
    const phrase = await sidebar.locator('.ta-phrase-text').first().innerText();
    await sidebar.getByRole('button', { name: 'Insert phrase 1 into the reply' }).click();
    await expect.poll(async () => (await zaf(page)).invoked.filter((p) => p['ticket.comment.appendText'])).toEqual([{ 'ticket.comment.appendText': [phrase] }]);
    await expect(sidebar.getByRole('status')).toContainText('Inserted into the reply');
  });

  test('the app asks Zendesk to resize it to its content', async ({ page }) => {
    await openZendesk(page);
    await expect.poll(async () => (await zaf(page)).invoked.filter((p) => p.resize).length).toBeGreaterThan(0);
    const lastResize = async () => {
      const resizes = (await zaf(page)).invoked.filter((p) => p.resize).map((p) => p.resize[0]);
      return resizes[resizes.length - 1];
    };
    const last = await lastResize();
    expect(last.width).toBe('100%');
    expect(last.height).toMatch(/^\d+px$/);
    expect(parseInt(last.height, 10)).toBeGreaterThan(300);
    // The fake Zendesk applied the newest request: the app frame has that height
    // (the sidebar renders its tools a task after its first paint, so a second request may follow the first).
    await expect.poll(async () => {
      const newest = await lastResize();
      const h = await page.locator('#app').evaluate((f) => f.clientHeight);
      return h === Math.min(parseInt(newest.height, 10), 3000);
    }).toBe(true);
  });

  test('the service alert goes into an empty reply box as an internal note', async ({ page }) => {
    const { sidebar } = await openZendesk(page);
    await sidebar.locator('.ta-row-go').last().click();
    const alert = sidebar.getByRole('region', { name: 'Service alert' });
    // The thread's temperature readings come from the coach's worker a moment
    // after the sidebar opens, and the alert then gains its temperature lines:
    // read the alert once they are in, so it is the text the click sends.
    await expect(alert.locator('pre')).toContainText('**Temperature:**');
    const markdown = await alert.locator('pre').textContent();
    await alert.getByRole('button', { name: /Send as internal note/ }).click();
    await expect.poll(async () => (await zaf(page)).invoked.filter((p) => p['ticket.comment.appendMarkdown']).length).toBe(1);
    const z = await zaf(page);
    expect(z.sets).toEqual([{ 'comment.type': 'internalNote' }]);
    expect(z.comment.type).toBe('internalNote');
    expect(z.invoked.find((p) => p['ticket.comment.appendMarkdown'])['ticket.comment.appendMarkdown'][0].trim()).toBe(markdown.trim());
  });

  test('a draft reply is never touched: the service alert is offered to copy instead', async ({ page }) => {
    const { app, sidebar } = await openZendesk(page, '?draft=' + encodeURIComponent('<p>Hi Dana, I am on it.</p>'));
    await sidebar.locator('.ta-row-go').last().click();
    await sidebar.getByRole('region', { name: 'Service alert' }).getByRole('button', { name: /Send as internal note/ }).click();
    await expect(app.locator('#pending')).toBeVisible();
    await expect(app.locator('#pending-why')).toContainText('holds a draft');
    await expect(app.locator('#pending-text')).toContainText('Service alert');
    const z = await zaf(page);
    expect(z.sets).toEqual([]);
    expect(z.invoked.filter((p) => p['ticket.comment.appendMarkdown'])).toEqual([]);
    expect(z.comment).toEqual({ text: '<p>Hi Dana, I am on it.</p>', type: 'publicReply' });
  });

  test('where Zendesk will not switch to an internal note, nothing is appended', async ({ page }) => {
    const { app, sidebar } = await openZendesk(page, '?noswitch=1');
    await sidebar.locator('.ta-row-go').last().click();
    await sidebar.getByRole('region', { name: 'Service alert' }).getByRole('button', { name: /Send as internal note/ }).click();
    await expect(app.locator('#pending-why')).toContainText('did not switch the reply box to an internal note');
    expect((await zaf(page)).invoked.filter((p) => p['ticket.comment.appendMarkdown'])).toEqual([]);
  });

  test('without the sessions object set up, sessions go to the app\'s own store, acknowledged only once written, and the app says so', async ({ page }) => {
    await page.clock.install();
    const { app, sidebar } = await openZendesk(page);
    await expect(app.locator('#store-status')).toContainText('Sessions are kept in this browser only, so colleagues on this ticket do not see them');
    await expect(app.locator('#store-status')).toContainText('"Sessions object"');
    await stepBox(sidebar, 1).check();
    if (partitioned()) {
      await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
      const appFrame = page.frames().find((f) => f.url().startsWith(`${WIDGET}/zendesk/assets/iframe.html`));
      const stored = await appFrame.evaluate(() => JSON.parse(localStorage.getItem('turnaround-zendesk.session.4711')));
      expect(stored.steps[0].done).toBe(true);
    } else {
      for (let i = 0; i < 8; i++) await page.clock.runFor(2_100);
      await expect(sidebar.locator('[data-sync="unconfirmed"]')).toBeVisible();
    }
  });

  test('outside Zendesk (no origin and app_guid) the app page says where it runs', async ({ page }) => {
    await page.goto(`${WIDGET}/zendesk/assets/iframe.html`);
    await expect(page.locator('#status')).toContainText('runs inside a ticket');
    await expect(page.locator('#sidebar iframe')).toHaveCount(0);
  });

  test('the built app: manifest and an uploadable zip with manifest.json at its root', async ({ request }) => {
    const manifest = await (await request.get(`${WIDGET}/zendesk/manifest.json`)).json();
    expect(manifest).toMatchObject({ frameworkVersion: '2.0', defaultLocale: 'en', location: { support: { ticket_sidebar: { url: 'assets/iframe.html', flexible: true } } } });
    expect(manifest.name).toBeTruthy();
    expect(manifest.author.name).toBeTruthy();
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    // Every setting the app reads is a parameter with a label in the translations.
    const settings = manifest.parameters.map((p) => p.name);
    expect(settings).toEqual(expect.arrayContaining(['turnaround_url', 'company', 'sessions_object', 'sessions_field']));
    const en = await (await request.get(`${WIDGET}/zendesk/translations/en.json`)).json();
    for (const n of settings) expect(en.app.parameters[n].label).toBeTruthy();
    const res = await request.get(`${WIDGET}/zendesk/turnaround-zendesk.zip`);
    expect(res.ok()).toBe(true);
    const names = zipNames(Buffer.from(await res.body()));
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'translations/en.json', 'assets/iframe.html', 'assets/app.js', 'assets/session-store.js', 'assets/app.css', 'assets/embed.js', 'assets/zaf_sdk.js']));
    // The sidebar itself is in the zip: uploading it is the whole installation.
    expect(names).toEqual(expect.arrayContaining(['assets/sidebar.html', 'assets/sidebar.css', 'assets/sidebar-boot.js', 'assets/turnaround.js', 'assets/turnaround_bg.wasm']));
    // So are the built-in playbooks it fetches when one is used (every language).
    expect(names).toEqual(expect.arrayContaining(['assets/playbooks/leap.json', 'assets/playbooks/es/turnaround.json', 'assets/playbooks/de/ten-step.json']));
    expect(names.every((n) => !n.startsWith('/') && !n.includes('..'))).toBe(true);
    // No CDN: the SDK is bundled, and the page loads only its own files.
    const html = await (await request.get(`${WIDGET}/zendesk/assets/iframe.html`)).text();
    expect(html).not.toMatch(/https?:\/\//);
    const sdk = await (await request.get(`${WIDGET}/zendesk/assets/zaf_sdk.js`)).text();
    expect(sdk).toContain('ZAFClient');
  });
});

test.describe('Zendesk sessions live in Zendesk: a custom object record per ticket', () => {
  const SESSIONS = '?sessions=turnaround_session';
  async function openZendesk(page, query = SESSIONS) {
    await page.goto(`${HOST}/fixtures/zendesk.html${query}`);
    const app = page.frameLocator('#app');
    const sidebar = app.frameLocator('#sidebar iframe');
    await expect(sidebar.locator('.ta-id')).toHaveText('#4711');
    return { app, sidebar };
  }
  const stored = (page) => page.evaluate(() => window.zaf.sessionRecord(4711));
  const requests = (page) => page.evaluate(() => window.zaf.api.requests);
  const writes = async (page) => (await requests(page)).filter((r) => r.type === 'PATCH');
  // The app reads Zendesk's copy again 3 s after each of its own writes (then every 20 s): once
  // that read has followed the last write, every save of the opening is written and acknowledged,
  // and nothing is timed to happen for the next 20 s.
  const settled = (page) => expect.poll(async () => {
    const types = (await requests(page)).map((r) => r.type);
    const lastWrite = types.lastIndexOf('PATCH');
    return lastWrite >= 0 && types.indexOf('GET', lastWrite + 1) > lastWrite;
  }, { timeout: 15_000 }).toBe(true);
  /** The session in a PATCH request's body, as the app sent it. */
  const sent = (w) => JSON.parse(JSON.parse(w.data).custom_object_record.custom_object_fields.session_json).session;
  const RECORD_URL = '/api/v2/custom_objects/turnaround_session/records';

  test('each save is written to the ticket\'s record through client.request, and acked only once Zendesk has it', async ({ page }) => {
    const watch = watchPage(page);
    const { app, sidebar } = await openZendesk(page);
    await stepBox(sidebar, 1).check();
    await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
    await expect.poll(async () => (await stored(page))?.envelope?.session?.steps?.[0]?.done).toBe(true);
    const { record, envelope } = await stored(page);
    expect(record).toMatchObject({ external_id: 'turnaround-ticket-4711', name: 'Turnaround: ticket 4711', custom_object_key: 'turnaround_session', updated_by_user_id: '7' });
    expect(envelope).toMatchObject({ format: 'turnaround-session', v: 1, session: { schema: 1, ticket_id: '4711', saved_by: 'Sam Okafor' } });
    expect(typeof envelope.write).toBe('string');
    // At open the app reads the record by its external id; every write is a read, then an upsert by external id.
    const reqs = await requests(page);
    expect(reqs[0]).toEqual({ url: `${RECORD_URL}?filter%5Bexternal_ids%5D=turnaround-ticket-4711`, type: 'GET', contentType: 'application/json', httpCompleteResponse: true });
    const w = await writes(page);
    expect(w.length).toBeGreaterThan(0);
    for (const x of w) {
      expect(x).toMatchObject({ url: `${RECORD_URL}?external_id=turnaround-ticket-4711`, contentType: 'application/json', httpCompleteResponse: true });
      expect(reqs[reqs.indexOf(reqs.find((r) => r.data === x.data)) - 1].type).toBe('GET');
    }
    expect(sent(w[w.length - 1]).steps[0].done).toBe(true);
    // Nothing said: the store works.
    await expect(app.locator('#store-status')).toHaveText('');
    // Zendesk's store needs no storage in the browser, so this holds with third-party storage blocked too.
    watch.check();
  });

  test('another machine (a fresh browser) opens the ticket with the session Zendesk holds', async ({ page, browser }) => {
    const { sidebar } = await openZendesk(page);
    await sidebar.locator('.ta-note').fill('Sam: refund promised by Friday');
    await stepBox(sidebar, 2).check();
    await expect.poll(async () => (await stored(page))?.envelope?.session?.steps?.[1]?.done).toBe(true);
    await expect.poll(async () => (await stored(page)).envelope.session.steps[0].note).toBe('Sam: refund promised by Friday');
    // Zendesk's records, as its servers keep them, for the other machine.
    const objects = await page.evaluate(() => window.zaf.api.objects);
    const other = await browser.newContext();
    try {
      await other.addInitScript((seed) => { window.ZENDESK_SEED = seed; }, objects);
      const { sidebar: there } = await openZendesk(await other.newPage());
      await expect(stepBox(there, 2)).toBeChecked();
      await expect(stepBox(there, 1)).not.toBeChecked();
      await expect(there.locator('.ta-note')).toHaveValue('Sam: refund promised by Friday');
    } finally {
      await other.close();
    }
  });

  test('a save built on a copy another agent has since replaced is refused with Zendesk\'s copy; the merge is saved and keeps both notes', async ({ page }) => {
    const watch = watchPage(page);
    const { sidebar } = await openZendesk(page);
    await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
    const title = (await sidebar.locator('#ta-step-title').textContent()).trim();
    // Let the app's re-read after its last write pass first, so that Ana's change is met by this
    // sidebar's next save (the case under test) and not by that re-read, which would push it (the
    // push is the next tests' case). The thread's two readings are saved first: on a fast machine
    // their save came after the settle, met Ana's copy, and merged it into the note box before the
    // agent typed (so the typing replaced Ana's note, as an agent's would).
    await expect.poll(async () => (await stored(page))?.envelope?.session?.temperatures?.length ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await settled(page);
    // What the app (the host) tells the sidebar, heard inside the sidebar's frame.
    const inSidebar = page.frames().find((f) => f.url().startsWith(`${WIDGET}/zendesk/assets/sidebar.html`));
    await inSidebar.evaluate(() => { window.heard = []; window.addEventListener('message', (e) => { if (e.data && e.data.type) window.heard.push(e.data.type); }); });
    // Ana saves a note on the first step in between; this sidebar has not seen it.
    const ana = await page.evaluate(() => window.zaf.anotherAgent((s) => { s.steps[0].note = 'Ana: she was charged twice in October'; }));
    const since = (await writes(page)).length;
    // This sidebar has not heard of Ana's copy yet (the case under test).
    await expect(sidebar.locator('.ta-note')).toHaveValue('');
    await sidebar.locator('.ta-note').fill('Sam: wants a call back before noon');
    await expect.poll(async () => (await stored(page)).envelope.session.steps[0].note).toContain('Sam: wants a call back before noon');
    const kept = (await stored(page)).envelope.session;
    expect(kept.steps[0].note).toContain('Ana: she was charged twice in October');
    expect(kept.rev).toBeGreaterThan(ana.rev);
    // The stale save never reached Zendesk: every write after Ana's carries her note.
    const after = (await writes(page)).slice(since);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((x) => sent(x).steps[0].note.includes('Ana: she was charged twice in October'))).toBe(true);
    // Refused as a conflict (not pushed), then acked once the merge was written.
    expect(await inSidebar.evaluate(() => window.heard)).toEqual(expect.arrayContaining(['conflict', 'ack']));
    expect(await inSidebar.evaluate(() => window.heard.indexOf('session'))).toBe(-1);
    await expect(sidebar.locator('.ta-note')).toHaveValue(/Ana: she was charged twice in October/);
    await expect(sidebar.locator('.ta-notices')).toContainText(`Ana Silva added a note to “${title}”`);
    await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
    watch.check();
  });

  test('another agent\'s change arrives as a push when Zendesk says the ticket was updated, with a sentence, and costs no write', async ({ page }) => {
    const { sidebar } = await openZendesk(page);
    await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
    // The thread's two customer messages are read by the coach and their readings saved (writes
    // of their own); then the opening's saves settle. A save still in flight would meet Ana's copy
    // and merge it (a write, rightly).
    await expect.poll(async () => (await stored(page))?.envelope?.session?.temperatures?.length ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await settled(page);
    const before = (await writes(page)).length;
    await page.evaluate(() => window.zaf.anotherAgent((s) => { s.steps[1].done = true; s.steps[1].done_at = '2026-11-22T10:01:00Z'; }, { ticketUpdated: true }));
    await expect(stepBox(sidebar, 2)).toBeChecked();
    await expect(sidebar.locator('.ta-notices')).toContainText('Ana Silva checked');
    await page.waitForTimeout(2_000); // longer than the sidebar's coalescing and the app's pause between writes
    expect((await writes(page)).length).toBe(before);
    await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
  });

  test('while the ticket is on screen the app looks at Zendesk\'s copy every 20 s, so a change arrives without any event', async ({ page }) => {
    await page.clock.install();
    const { sidebar } = await openZendesk(page);
    await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
    await page.evaluate(() => window.zaf.anotherAgent((s) => { s.steps[2].note = 'Ana: called her back, she is calmer'; }));
    await page.clock.runFor(21_000);
    await expect(sidebar.locator('.ta-notices')).toContainText('Ana Silva added a note to');
  });

  test('a burst of typing costs a few writes, not one per keystroke, and the last text is what Zendesk keeps', async ({ page }) => {
    const { sidebar } = await openZendesk(page);
    await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
    const before = (await writes(page)).length;
    const text = 'Customer wants the double charge refunded today.';
    await sidebar.locator('.ta-note').pressSequentially(text, { delay: 25 });
    await expect.poll(async () => (await stored(page)).envelope.session.steps[0].note).toBe(text);
    await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
    expect((await writes(page)).length - before).toBeLessThanOrEqual(4);
  });

  test('when Zendesk does not answer, the save is kept, the app says so, and it reaches Zendesk once Zendesk answers again', async ({ page }) => {
    const { app, sidebar } = await openZendesk(page);
    await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
    await page.evaluate(() => { window.zaf.api.down = true; });
    await stepBox(sidebar, 2).check();
    await expect(app.locator('#store-status')).toContainText('Zendesk did not answer');
    await expect(app.locator('#store-status')).toContainText('Turnaround keeps it and tries again in');
    await expect(sidebar.locator('[data-sync="confirmed"]')).toHaveCount(0);
    expect((await stored(page)).envelope.session.steps[1].done).toBe(false);
    await page.evaluate(() => { window.zaf.api.down = false; });
    await expect.poll(async () => (await stored(page)).envelope.session.steps[1].done, { timeout: 20_000 }).toBe(true);
    await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible({ timeout: 20_000 });
    await expect(app.locator('#store-status')).toHaveText('Saved in Zendesk.');
  });

  test('when Zendesk asks to slow down (429), the app waits as long as its Retry-After says, then stores the save', async ({ page }) => {
    const { app, sidebar } = await openZendesk(page);
    await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
    await page.evaluate(() => { window.zaf.api.limit = true; });
    await stepBox(sidebar, 3).check();
    await expect(app.locator('#store-status')).toContainText('Zendesk answered 429 (Too many requests for this account)');
    await expect(app.locator('#store-status')).toContainText('tries again in 1 s');
    await page.evaluate(() => { window.zaf.api.limit = false; });
    await expect.poll(async () => (await stored(page)).envelope.session.steps[2].done).toBe(true);
    await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
  });

  test('a write Zendesk carried out but whose answer was lost is recognised as ours: acked without a second write or a conflict', async ({ page }) => {
    const { sidebar } = await openZendesk(page);
    await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
    await expect.poll(async () => (await writes(page)).length).toBeGreaterThan(0);
    const before = (await writes(page)).length;
    const inSidebar = page.frames().find((f) => f.url().startsWith(`${WIDGET}/zendesk/assets/sidebar.html`));
    await inSidebar.evaluate(() => { window.heard = []; window.addEventListener('message', (e) => { if (e.data && e.data.type) window.heard.push(e.data.type); }); });
    // The next write is carried out, but its answer is lost.
    await page.evaluate(() => { window.zaf.api.loseAnswerTo = 'PATCH'; });
    await stepBox(sidebar, 2).check();
    await expect.poll(async () => (await stored(page)).envelope.session.steps[1].done).toBe(true);
    await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible({ timeout: 20_000 });
    expect((await writes(page)).length - before).toBe(1);
    expect(await page.evaluate(() => window.zaf.api.lost)).toBe(1);
    const heard = await inSidebar.evaluate(() => window.heard);
    expect(heard).toContain('ack');
    expect(heard).not.toContain('conflict');
  });

  test('a record that cannot be read is never overwritten: the app says so and keeps the session in the browser', async ({ page }) => {
    const broken = '{"format":"turnaround-session","v":1,"write":"x1","session":{"schema":1,"ticket_id":"4711","rev":';
    await page.context().addInitScript((raw) => {
      window.ZENDESK_SEED = { turnaround_session: { fields: ['session_json'], records: [{ id: '01JBROKEN', name: 'Turnaround: ticket 4711', external_id: 'turnaround-ticket-4711', custom_object_key: 'turnaround_session', custom_object_fields: { session_json: raw }, created_at: '2026-11-22T08:00:00Z', updated_at: '2026-11-22T08:00:00Z', created_by_user_id: '8', updated_by_user_id: '8' }] } };
    }, broken);
    const { app, sidebar } = await openZendesk(page);
    await expect(app.locator('#store-status')).toContainText('cannot be read, so Turnaround does not overwrite it');
    await expect(app.locator('#store-status')).toContainText('kept in this browser only');
    await stepBox(sidebar, 1).check();
    await page.waitForTimeout(1_000);
    expect((await stored(page)).record.custom_object_fields.session_json).toBe(broken);
    expect(await writes(page)).toEqual([]);
    if (partitioned()) await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
  });

  test('a sessions object Zendesk does not have (404) falls back to the browser, and the app names the problem', async ({ page }) => {
    const { app, sidebar } = await openZendesk(page, '?sessions=turnaround_sesions');
    await expect(app.locator('#store-status')).toContainText('Zendesk answered 404');
    await expect(app.locator('#store-status')).toContainText('"turnaround_sesions"');
    await expect(app.locator('#store-status')).toContainText('kept in this browser only');
    await stepBox(sidebar, 1).check();
    if (partitioned()) {
      await expect(sidebar.locator('[data-sync="confirmed"]')).toBeVisible();
      const appFrame = page.frames().find((f) => f.url().startsWith(`${WIDGET}/zendesk/assets/iframe.html`));
      const kept = await appFrame.evaluate(() => JSON.parse(localStorage.getItem('turnaround-zendesk.session.4711')));
      expect(kept.steps[0].done).toBe(true);
    }
  });
});

/** The file names in a zip's central directory. */
function zipNames(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(-1);
  const count = buf.readUInt16LE(eocd + 10);
  let off = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(off)).toBe(0x02014b50);
    const n = buf.readUInt16LE(off + 28), m = buf.readUInt16LE(off + 30), k = buf.readUInt16LE(off + 32);
    names.push(buf.toString('utf8', off + 46, off + 46 + n));
    off += 46 + n + m + k;
  }
  return names;
}
