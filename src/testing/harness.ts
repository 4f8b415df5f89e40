// Test support: a fresh migrated database (test-database.ts: SQLite or PostgreSQL) and app, and a small browser-like
// client that keeps cookies and sends the CSRF token the way Folio's own pages do.
import type { Hono } from 'hono';
import { createApp } from '../app.js';
import type { Config } from '../config.js';
import type { DB } from '../db/database.js';
import type { AppEnv } from '../http/env.js';
import { createLogger } from '../logger.js';
import { loadAssets } from '../http/static.js';
import { passwordsAt, type PasswordCost } from '../auth/passwords.js';
import { openTestDatabase } from './test-database.js';

export const TEST_ORIGIN = 'http://folio.test';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    database: { dialect: 'sqlite', path: ':memory:' },
    production: false,
    publicUrl: null,
    secretKey: null,
    logLevel: 'silent',
    trustProxy: true,
    workers: 1,
    ...overrides,
  };
}

const assets = loadAssets();

/** Argon2id at the lowest cost it allows: tests hash hundreds of passwords (passwords.test.ts checks the real cost). */
export const CHEAP_PASSWORD_COST: PasswordCost = { memoryCost: 8, timeCost: 1, parallelism: 1 };
export const cheapPasswords = await passwordsAt(CHEAP_PASSWORD_COST);

export interface TestApp {
  app: Hono<AppEnv>;
  db: DB;
  config: Config;
  /** Milliseconds since the epoch as the app sees them; tests may move it. */
  clock: { now: number };
}

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  // A test may name its own database (a restored backup, say); otherwise a fresh one of the test engine.
  const { db, config: database } = overrides.database
    ? await openTestDatabase({ config: overrides.database })
    : await openTestDatabase();
  const config = testConfig({ database, ...overrides });
  const clock = { now: Date.parse('2026-11-24T12:00:00Z') };
  const app = createApp({
    db,
    config,
    logger: createLogger('silent'),
    assets,
    now: () => clock.now,
    passwords: cheapPasswords,
  });
  return { app, db, config, clock };
}

type FormValues = Record<string, string | number>;

export interface ParsedCookie {
  value: string;
  /** Attribute names in lower case, mapped to their values ('' for flags such as HttpOnly). */
  attributes: Record<string, string>;
}

/** The Set-Cookie lines of a response, by cookie name, with their attributes. */
export function setCookies(response: Response): Map<string, ParsedCookie> {
  const cookies = new Map<string, ParsedCookie>();
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...rest] = line.split(';');
    const [name, ...value] = pair!.split('=');
    const attributes: Record<string, string> = {};
    for (const attribute of rest) {
      const [key, ...v] = attribute.trim().split('=');
      attributes[key!.toLowerCase()] = v.join('=');
    }
    cookies.set(name!.trim(), { value: value.join('='), attributes });
  }
  return cookies;
}

interface RequestOptions {
  htmx?: boolean;
  headers?: Record<string, string>;
  /** Leave out the CSRF token (to test the refusal). */
  noCsrf?: boolean;
}

/** A cookie-keeping client over app.request(), standing in for one browser. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly app: Hono<AppEnv>,
    readonly ip = '203.0.113.7',
    /** Sent with every request, e.g. a proxy's X-Forwarded-Proto: https. */
    readonly defaultHeaders: Record<string, string> = {},
  ) {}

  /** Over https Folio's cookies carry the __Host- prefix. */
  private cookie(name: string): string | undefined {
    return this.cookies.get(name) ?? this.cookies.get(`__Host-${name}`);
  }

  get csrfToken(): string | undefined {
    return this.cookie('folio_csrf');
  }

  get sessionToken(): string | undefined {
    return this.cookie('folio_session');
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attributes.some(
        (a) => /max-age=0/i.test(a) || /expires=thu, 01 jan 1970/i.test(a.trim()),
      );
      if (expired || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
  }

  async request(
    method: string,
    path: string,
    body?: FormValues | string | Blob,
    options: RequestOptions = {},
  ): Promise<Response> {
    if (!this.csrfToken && method !== 'GET') await this.request('GET', '/login'); // pick up a token like a browser would
    const headers: Record<string, string> = {
      'X-Forwarded-For': this.ip,
      ...this.defaultHeaders,
      ...options.headers,
    };
    if (this.cookies.size) headers.Cookie = this.cookieHeader();
    if (options.htmx) headers['HX-Request'] = 'true';
    let payload: string | Blob | undefined;
    if (body !== undefined && typeof body !== 'string' && !(body instanceof Blob)) {
      const form = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)]));
      if (!options.noCsrf && !options.htmx && this.csrfToken && !form.has('_csrf'))
        form.set('_csrf', this.csrfToken);
      payload = form.toString();
      headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
    } else {
      payload = body;
    }
    if (options.htmx && !options.noCsrf && this.csrfToken && method !== 'GET')
      headers['X-CSRF-Token'] ??= this.csrfToken;
    if (method !== 'GET') headers.Origin ??= TEST_ORIGIN;
    const response = await this.app.request(new URL(path, TEST_ORIGIN).toString(), {
      method,
      headers,
      body: payload,
    });
    this.remember(response);
    return response;
  }

  get(path: string, options?: RequestOptions) {
    return this.request('GET', path, undefined, options);
  }
  post(path: string, body: FormValues = {}, options?: RequestOptions) {
    return this.request('POST', path, body, options);
  }
}

let counter = 0;
export interface SignedUp {
  client: TestClient;
  email: string;
  password: string;
  name: string;
}

/** Signs in through the login form; the response is returned so tests can look at it. */
export async function signIn(
  client: TestClient,
  email: string,
  password: string,
  next?: string,
): Promise<Response> {
  return client.post('/login', { email, password, ...(next !== undefined ? { next } : {}) });
}

/** Registers a new person with their own workspace and returns their signed-in client. */
export async function signUp(
  app: Hono<AppEnv>,
  fields: Partial<{
    name: string;
    email: string;
    password: string;
    workspace: string;
    invite: string;
  }> = {},
): Promise<SignedUp> {
  counter += 1;
  const client = new TestClient(app, `198.51.100.${counter % 250}`);
  const name = fields.name ?? `Person ${counter}`;
  const email = fields.email ?? `person${counter}-${Date.now()}@example.com`;
  const password = fields.password ?? 'correct horse battery staple';
  const response = await client.post('/register', {
    name,
    email,
    password,
    password_confirm: password,
    workspace: fields.workspace ?? '',
    ...(fields.invite ? { invite: fields.invite } : {}),
  });
  if (response.status !== 303)
    throw new Error(`sign-up failed with ${response.status}: ${await response.text()}`);
  return { client, email, password, name };
}
