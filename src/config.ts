// Environment -> typed config. Parsed once at start; a bad value stops the process with a message naming it.
import path from 'node:path';
import * as v from 'valibot';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export type DatabaseConfig =
  | { dialect: 'sqlite'; path: string } // path may be ':memory:'
  | { dialect: 'postgres'; url: string; poolMax: number };

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** NODE_ENV=production, the default: no error details on pages. `npm run dev` sets development. */
  production: boolean;
  /**
   * The origin people reach Folio at, when set (PUBLIC_URL): invite links, the same-origin check, and
   * whether cookies are `Secure`/`__Host-` and HSTS is sent (https). Unset: taken from each request.
   */
  publicUrl: URL | null;
  /** Signs the flash cookie; shared by every process and instance. Unset: one generated and kept in the database. */
  secretKey: string | null;
  logLevel: LogLevel;
  /** Behind a reverse proxy, take the client address from X-Forwarded-For (for the sign-in throttle). */
  trustProxy: boolean;
  /** Server processes sharing the port (Node runs JavaScript on one core per process). */
  workers: number;
}

export const DEFAULT_SQLITE_PATH = path.join('data', 'folio.db');

const EnvSchema = v.object({
  PORT: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'must be a whole number'),
      v.transform(Number),
      v.integer(),
      v.minValue(0, 'must be between 0 and 65535'),
      v.maxValue(65535, 'must be between 0 and 65535'),
    ),
    '8000',
  ),
  HOST: v.optional(v.pipe(v.string(), v.nonEmpty('must not be empty')), '127.0.0.1'),
  DATABASE_URL: v.optional(
    v.pipe(v.string(), v.nonEmpty('must not be empty')),
    DEFAULT_SQLITE_PATH,
  ),
  NODE_ENV: v.optional(
    v.picklist(['development', 'production', 'test'], 'must be development, production or test'),
    'production',
  ),
  LOG_LEVEL: v.optional(
    v.picklist(
      ['debug', 'info', 'warn', 'error', 'silent'],
      'must be debug, info, warn, error or silent',
    ),
    'info',
  ),
  PUBLIC_URL: v.optional(
    v.pipe(
      v.string(),
      v.url('must be a URL such as https://crm.example.com'),
      v.check(
        (value) => /^https?:\/\/[^/?#]+\/?$/i.test(value),
        'must be an http:// or https:// origin, without a path',
      ),
    ),
  ),
  SECRET_KEY: v.optional(
    v.pipe(
      v.string(),
      v.minLength(32, 'must be at least 32 characters (for example: openssl rand -base64 32)'),
    ),
  ),
  TRUST_PROXY: v.optional(
    v.picklist(['true', 'false', '1', '0'], 'must be true or false'),
    'false',
  ),
  DATABASE_POOL_MAX: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'must be a whole number'),
      v.transform(Number),
      v.minValue(1, 'must be between 1 and 1000'),
      v.maxValue(1000, 'must be between 1 and 1000'),
    ),
    '10',
  ),
  WEB_CONCURRENCY: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'must be a whole number'),
      v.transform(Number),
      v.minValue(1, 'must be between 1 and 64'),
      v.maxValue(64, 'must be between 1 and 64'),
    ),
    '1',
  ),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Connections each process keeps to PostgreSQL at most, unless DATABASE_POOL_MAX says otherwise. */
export const DEFAULT_POOL_MAX = 10;

/**
 * `postgres://` or `postgresql://` (with `?sslmode=`, or `?host=/socket/dir`) selects PostgreSQL;
 * `sqlite:PATH`, a plain path or `:memory:` selects SQLite.
 */
export function parseDatabaseUrl(url: string, poolMax = DEFAULT_POOL_MAX): DatabaseConfig {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    // pg parses the rest (user, password, host or socket, port, database, sslmode) when it connects.
    if (/\s/.test(url)) throw new ConfigError('DATABASE_URL: a PostgreSQL URL has no spaces');
    return { dialect: 'postgres', url, poolMax };
  }
  const file = url.replace(/^sqlite:(\/\/)?/i, '');
  if (file === '')
    throw new ConfigError(
      'DATABASE_URL: sqlite: needs a file path, for example sqlite:data/folio.db',
    );
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) {
    throw new ConfigError(
      `DATABASE_URL: unsupported scheme in "${url}" (use a file path or sqlite:PATH)`,
    );
  }
  return { dialect: 'sqlite', path: file };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = v.safeParse(EnvSchema, present);
  if (!result.success) {
    const problems = result.issues.map((issue) => {
      const key = v.getDotPath(issue) ?? 'environment';
      return `${key}=${JSON.stringify(present[key] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const parsed = result.output;
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    database: parseDatabaseUrl(parsed.DATABASE_URL, parsed.DATABASE_POOL_MAX),
    production: parsed.NODE_ENV === 'production',
    publicUrl: parsed.PUBLIC_URL ? new URL(new URL(parsed.PUBLIC_URL).origin) : null,
    secretKey: parsed.SECRET_KEY ?? null,
    logLevel: parsed.LOG_LEVEL,
    trustProxy: parsed.TRUST_PROXY === 'true' || parsed.TRUST_PROXY === '1',
    workers: parsed.WEB_CONCURRENCY,
  };
}
