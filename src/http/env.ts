// The typed context every route and middleware shares, and the dependencies createApp() hands out.
import type { RequestIdVariables } from 'hono/request-id';
import type { Config } from '../config.js';
import type { DB } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { Assets } from './static.js';
import type { Flash } from './flash.js';
import type { Passwords } from '../auth/passwords.js';

/** The signed-in person, as every request after the session check sees them. */
export interface SignedInUser {
  id: number;
  name: string;
  email: string;
  role: 'owner' | 'member';
  workspaceId: number;
  workspaceName: string;
  /** Whether keys of one character (/, n, j, k…) act as shortcuts; see Account settings. */
  singleKeyShortcuts: boolean;
  /** IANA name chosen in Account settings or guessed at sign-in; null until one is known (UTC). */
  timeZone: string | null;
}

export interface AppDeps {
  db: DB;
  config: Config;
  logger: Logger;
  assets: Assets;
  /** Injected so tests can move time; defaults to Date.now. */
  now: () => number;
  /** Argon2id at production cost; tests inject a cheap one. */
  passwords: Passwords;
  /** SECRET_KEY, or the one kept in the database: loaded on first use, then remembered. */
  secretKey: () => Promise<string>;
}

// Variables are read with c.get('name'), never c.var: Hono's c.var copies every variable into a new
// object on each read, a few percent of a small page's CPU.
export type AppEnv = {
  Variables: RequestIdVariables & {
    deps: AppDeps;
    user: SignedInUser | null;
    /** Hash of the session token, for sign-out and session rotation. */
    sessionId: string | null;
    csrfToken: string;
    flash: Flash | null;
    /** Signs this request's outgoing flash (http/flash.ts). */
    flashKey: Buffer;
  };
};

export function isHtmx(c: { req: { header(name: string): string | undefined } }): boolean {
  return c.req.header('HX-Request') === 'true';
}
