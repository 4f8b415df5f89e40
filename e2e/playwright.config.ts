// Playwright: every spec runs twice, with JavaScript on and off, against a real server on SQLite
// (global-setup.ts); small-screen.spec.ts runs instead in the phone projects (390 x 844). The postgres
// project runs the tests tagged @postgres once more, with JavaScript on, against a server on PostgreSQL.
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import type { EngineOptions } from './fixtures.js';

// The browser ensure-chromium.mjs makes sure of: Debian's headless shell of Chromium by default.
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium-headless-shell';

export default defineConfig<object, EngineOptions>({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: './artifacts/results',
  globalSetup: './global-setup.ts',
  // Tests, not files, are shared out: a long file (the phone one) no longer runs alone at the end.
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: process.env.FOLIO_E2E_URL,
    screenshot: 'only-on-failure',
    // No trace: recording one (kept or not) made every test about 40% slower here. To see a failure's
    // steps, run it again with `--trace on`.
    trace: 'off',
    launchOptions: {
      // Debian's Chromium when present (Playwright cannot download its own here); see ensure-chromium.mjs.
      executablePath: existsSync(CHROMIUM_PATH) ? CHROMIUM_PATH : undefined,
      // As root Chromium needs --no-sandbox; the rest keep it off the (closed) network.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    { name: 'js', testIgnore: 'small-screen.spec.ts', use: { javaScriptEnabled: true } },
    { name: 'nojs', testIgnore: 'small-screen.spec.ts', use: { javaScriptEnabled: false } },
    // A phone: one spec visits every page at 390 x 844 (overflow and axe); kept to one for CI time.
    {
      name: 'phone',
      testMatch: 'small-screen.spec.ts',
      use: { javaScriptEnabled: true, viewport: { width: 390, height: 844 } },
    },
    // The same server on PostgreSQL, JavaScript on, for the tests tagged @postgres: the customer
    // specs' tests that reach the database (search, sort, paging, adding, saves merged or in
    // conflict, deleting, Undo and restoring, drafts saved against a later change). Their browser-only
    // tests (keyboard moves, a network failure, drafts kept or dropped in the browser) are not
    // repeated, for CI time.
    {
      name: 'postgres',
      grep: /@postgres/,
      use: {
        javaScriptEnabled: true,
        baseURL: process.env.FOLIO_E2E_POSTGRES_URL,
        databaseUrl: process.env.FOLIO_E2E_POSTGRES_DB ?? '',
      },
    },
  ],
});
