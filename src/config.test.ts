import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('has defaults that start Folio on 127.0.0.1:8000 with a SQLite file under data/', () => {
    expect(loadConfig({})).toEqual({
      port: 8000,
      host: '127.0.0.1',
      database: { dialect: 'sqlite', path: 'data/folio.db' },
      production: true,
      publicUrl: null,
      secretKey: null,
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
    'postgres://folio:secret@db.example.com:5432/folio',
    'postgresql://folio@db.example.com/folio?sslmode=require',
    'postgres://postgres@/folio?host=%2Fvar%2Frun%2Fpostgresql',
  ])('DATABASE_URL=%s selects PostgreSQL with a pool of 10 per process', (url) => {
    expect(loadConfig({ DATABASE_URL: url }).database).toEqual({
      dialect: 'postgres',
      url,
      poolMax: 10,
    });
  });

  it('takes the pool size from DATABASE_POOL_MAX', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db/folio', DATABASE_POOL_MAX: '3' });
    expect(config.database).toMatchObject({ dialect: 'postgres', poolMax: 3 });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT="eighty": must be a whole number/],
    [{ PORT: '70000' }, /PORT="70000": must be between 0 and 65535/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV="staging": must be development, production or test/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud"/],
    [{ WEB_CONCURRENCY: '0' }, /WEB_CONCURRENCY="0": must be between 1 and 64/],
    [{ DATABASE_URL: 'mysql://db' }, /unsupported scheme/],
    [{ DATABASE_POOL_MAX: '0' }, /DATABASE_POOL_MAX="0": must be between 1 and 1000/],
    [{ DATABASE_POOL_MAX: 'many' }, /DATABASE_POOL_MAX="many": must be a whole number/],
    [{ PUBLIC_URL: 'folio.example' }, /PUBLIC_URL="folio.example": must be a URL/],
    [
      { PUBLIC_URL: 'https://folio.example/app' },
      /PUBLIC_URL="https:\/\/folio.example\/app": must be an http:\/\/ or https:\/\/ origin/,
    ],
    [{ PUBLIC_URL: 'ftp://folio.example' }, /PUBLIC_URL="ftp:\/\/folio.example": must be an http/],
    [{ SECRET_KEY: 'short' }, /SECRET_KEY="short": must be at least 32 characters/],
  ])('refuses %j with a message that names the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('runs as production unless told otherwise: npm start shows no error details', () => {
    expect(loadConfig({}).production).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).production).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).production).toBe(false);
  });

  it('reads PUBLIC_URL as an origin and SECRET_KEY as given', () => {
    const config = loadConfig({
      PUBLIC_URL: 'https://crm.example.com/',
      SECRET_KEY: 'k'.repeat(32),
    });
    expect(config.publicUrl?.href).toBe('https://crm.example.com/');
    expect(config.secretKey).toBe('k'.repeat(32));
  });

  it('takes the production and proxy settings', () => {
    expect(
      loadConfig({ NODE_ENV: 'production', TRUST_PROXY: 'true', WEB_CONCURRENCY: '2' }),
    ).toMatchObject({ production: true, trustProxy: true, workers: 2 });
  });
});
