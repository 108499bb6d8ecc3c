// End-to-end tests: the real built bundle (dist/), served on loopback, driven
// in the system Chromium. Every test runs twice: with storage partitioning
// (an embedded sidebar gets its own localStorage, as in today's browsers) and
// without it (localStorage throws in the third-party iframe, as under strict
// privacy settings). See TOOLCHAIN.md, "Third-party storage in tests".
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT || 8181);
const base = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: /.*\.spec\.mjs/,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [
    { name: 'partitioned', use: { launchOptions: { executablePath: '/usr/bin/chromium', args: [...base, '--disable-features=PaintHolding'] } } },
    { name: 'unpartitioned', use: { launchOptions: { executablePath: '/usr/bin/chromium', args: base } } },
  ],
  webServer: {
    command: `node scripts/serve.mjs --port ${PORT} --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/index.html`,
    reuseExistingServer: false,
    // The demo's shared session store: a file of the test run's own, emptied
    // before each test that opens the demo (POST /api/reset, enabled here only).
    env: { QUIET: '1', E2E_FIXTURES: 'tests/e2e/fixtures', EXTRA_HOSTS: '127.0.0.2', DEMO_STORE: `target/e2e/demo-sessions-${PORT}.json`, DEMO_STORE_RESET: '1' },
  },
});
