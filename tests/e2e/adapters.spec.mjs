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

  test('sessions go to the app\'s own store, and are acknowledged only once written', async ({ page }) => {
    await page.clock.install();
    const { sidebar } = await openZendesk(page);
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
    const res = await request.get(`${WIDGET}/zendesk/turnaround-zendesk.zip`);
    expect(res.ok()).toBe(true);
    const names = zipNames(Buffer.from(await res.body()));
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'translations/en.json', 'assets/iframe.html', 'assets/app.js', 'assets/app.css', 'assets/embed.js', 'assets/zaf_sdk.js']));
    // The sidebar itself is in the zip: uploading it is the whole installation.
    expect(names).toEqual(expect.arrayContaining(['assets/sidebar.html', 'assets/sidebar.css', 'assets/sidebar-boot.js', 'assets/turnaround.js', 'assets/turnaround_bg.wasm']));
    expect(names.every((n) => !n.startsWith('/') && !n.includes('..'))).toBe(true);
    // No CDN: the SDK is bundled, and the page loads only its own files.
    const html = await (await request.get(`${WIDGET}/zendesk/assets/iframe.html`)).text();
    expect(html).not.toMatch(/https?:\/\//);
    const sdk = await (await request.get(`${WIDGET}/zendesk/assets/zaf_sdk.js`)).text();
    expect(sdk).toContain('ZAFClient');
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
