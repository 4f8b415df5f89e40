// The app as a whole: boots, answers health checks and serves its basics.
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openTestDatabase } from '../testing/test-database.js';
import { createLogger } from '../logger.js';
import { cheapPasswords, createTestApp, TestClient } from '../testing/harness.js';
import { one } from '../testing/html.js';

describe('foundation', () => {
  it('answers /healthz with the database state', async () => {
    const { app } = await createTestApp();
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('renders a styled 404 page for an unknown URL', async () => {
    const { app } = await createTestApp();
    const response = await app.request('/no/such/page');
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('<!doctype html>');
    expect(html).toContain('Page not found');
    expect(one(html, 'link[rel="stylesheet"]').getAttribute('href')).toMatch(
      /^\/static\/app\.[0-9a-f]{10}\.css$/,
    );
  });

  it('sends the security headers', async () => {
    const client = new TestClient((await createTestApp()).app);
    const response = await client.get('/login');
    const csp = response.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Referrer-Policy')).toBe('same-origin');
    expect(response.headers.get('Strict-Transport-Security')).toBeNull();
  });
});

describe('production mode (HSTS and Secure cookies follow the scheme: origin.test.ts)', () => {
  it('is what a server started without NODE_ENV runs as: a fault shows no stack trace', async () => {
    const { db, config: database } = await openTestDatabase();
    const config = {
      ...loadConfig({ DATABASE_URL: ':memory:', LOG_LEVEL: 'silent' }),
      database,
      trustProxy: true,
    };
    const app = createApp({
      db,
      config,
      logger: createLogger('silent'),
      passwords: cheapPasswords,
    });
    app.get('/boom', () => {
      throw new Error('secret internals at /work/main/src/app.ts:1');
    });
    const response = await app.request('/boom');
    expect(response.status).toBe(500);
    const html = await response.text();
    expect(html).toContain('Something went wrong');
    expect(html).not.toContain('secret internals');
    expect(html).not.toContain('app.ts');
  });

  it('never shows a stack trace on a 500 page', async () => {
    const { app } = await createTestApp({ production: true });
    app.get('/boom', () => {
      throw new Error('secret internals at /work/main/src/app.ts:1');
    });
    const response = await app.request('/boom');
    expect(response.status).toBe(500);
    const html = await response.text();
    expect(html).toContain('Something went wrong');
    expect(html).not.toContain('secret internals');
    expect(html).not.toContain('app.ts');
  });
});
