// When the database cannot be reached, every page that needs it answers 503 with a friendly page (a
// toast for htmx), never a stack trace, and /healthz says so; static files are still served.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { cheapPasswords, testConfig } from '../testing/harness.js';
import { createLogger } from '../logger.js';
import type { Database } from '../db/tables.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { loadAssets } from './static.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('knows a server that is down, restarting, full or out of reach', () => {
    for (const error of [
      coded('ECONNREFUSED'),
      coded('57P01', 'terminating connection due to administrator command'),
      coded('57P03', 'the database system is starting up'),
      coded('53300', 'sorry, too many clients already'),
      coded('08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]),
      new Error('wrapped', { cause: coded('ECONNRESET') }),
      coded('SQLITE_BUSY', 'database is locked'),
      coded('SQLITE_IOERR_WRITE'),
    ])
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
  });

  it('leaves Folio’s own faults to be 500s', () => {
    for (const error of [
      new TypeError('x is undefined'),
      coded('23505', 'duplicate key value violates unique constraint'),
      coded('42P01', 'relation "nope" does not exist'),
      coded('SQLITE_CONSTRAINT_UNIQUE'),
      coded('SQLITE_ERROR', 'no such table: nope'),
      null,
      'a string',
    ])
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
  });
});

describe('with the database out of reach', () => {
  // A real driver against a port where nothing listens: every query is refused at once.
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: 'postgres://folio:secret@127.0.0.1:1/folio', max: 2 }),
    }),
  });
  afterAll(() => db.destroy());
  const app = createApp({
    db,
    config: testConfig({ production: false }),
    logger: createLogger('silent'),
    passwords: cheapPasswords,
  });
  const get = (path: string, headers: Record<string, string> = {}) =>
    app.request(`http://folio.test${path}`, {
      headers: { Cookie: 'folio_session=abc; folio_csrf=def', ...headers },
    });

  it('a page answers 503 with a friendly page and no stack trace, even in development', async () => {
    for (const path of ['/customers', '/login', '/settings/account']) {
      const response = await get(path);
      expect(response.status, path).toBe(503);
      expect(response.headers.get('retry-after')).toBe('10');
      const html = await response.text();
      expect(html).toContain('Folio is unavailable for a moment');
      expect(html).toContain('Folio cannot reach its database just now');
      expect(html).not.toMatch(/ECONNREFUSED|at \S+ \(|error-detail|secret/);
    }
  });

  it('an htmx request gets the message as a toast, in place', async () => {
    const response = await get('/customers?q=ada', { 'HX-Request': 'true' });
    expect(response.status).toBe(503);
    expect(response.headers.get('hx-retarget')).toBe('#flash');
    expect(await response.text()).toContain('Folio cannot reach its database just now');
  });

  it('/healthz answers 503 and static files are still served', async () => {
    const health = await app.request('http://folio.test/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
    const css = await app.request(`http://folio.test${loadAssets().url('app.css')}`);
    expect(css.status).toBe(200);
  });
});
