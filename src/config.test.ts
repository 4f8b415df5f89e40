import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('has defaults that start Folio on 127.0.0.1:8000 with a SQLite file under data/', () => {
    expect(loadConfig({})).toEqual({
      port: 8000,
      host: '127.0.0.1',
      database: { dialect: 'sqlite', path: 'data/folio.db' },
      production: false,
      logLevel: 'info',
      trustProxy: false,
      workers: 1,
    });
  });

  it.each([
    ['sqlite:/var/lib/folio.db', '/var/lib/folio.db'],
    ['sqlite:data/x.db', 'data/x.db'],
    ['./local.db', './local.db'],
    [':memory:', ':memory:'],
  ])('DATABASE_URL=%s selects SQLite at %s', (url, path) => {
    expect(loadConfig({ DATABASE_URL: url }).database).toEqual({ dialect: 'sqlite', path });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT="eighty": must be a whole number/],
    [{ PORT: '70000' }, /PORT="70000": must be between 0 and 65535/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV="staging": must be development, production or test/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud"/],
    [{ WEB_CONCURRENCY: '0' }, /WEB_CONCURRENCY="0": must be between 1 and 64/],
    [{ DATABASE_URL: 'mysql://db' }, /unsupported scheme/],
    [{ DATABASE_URL: 'postgres://db/folio' }, /PostgreSQL is not supported yet/],
  ])('refuses %j with a message that names the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('production turns on Secure cookies and HSTS (via the flag) and takes the proxy setting', () => {
    expect(loadConfig({ NODE_ENV: 'production', TRUST_PROXY: 'true', WEB_CONCURRENCY: '2' })).toMatchObject({ production: true, trustProxy: true, workers: 2 });
  });
});
