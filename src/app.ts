// Builds the Hono app from its parts. No I/O at import time: tests build their own with their own database.
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import type { Config } from './config.js';
import type { DB } from './db/database.js';
import { databaseAnswers } from './db/database.js';
import { createLogger, type Logger } from './logger.js';
import type { AppDeps, AppEnv } from './http/env.js';
import { loadAssets, type Assets } from './http/static.js';
import { requestLog } from './http/request-log.js';
import { securityHeaders } from './http/security-headers.js';
import { csrfToken } from './http/csrf.js';
import { flashMiddleware } from './http/flash.js';
import { loadSecretKey } from './http/secret-key.js';
import { notFound, onError } from './http/errors.js';
import { membersOnly, sessionMiddleware } from './auth/middleware.js';
import { authRoutes } from './auth/routes.js';
import { resetRoutes } from './auth/reset-routes.js';
import { accountRoutes } from './account/routes.js';
import { sessionListRoutes } from './account/session-list-routes.js';
import { teamRoutes } from './team/routes.js';
import { customerRoutes } from './customers/routes.js';
import { historyRoutes } from './customers/history/routes.js';
import { noteRoutes } from './customers/notes/routes.js';
import { productionPasswords, type Passwords } from './auth/passwords.js';
import { FILE_LIMITS } from './customers/import/parse.js';

/** Forms are small; anything past this is refused before it is read. */
export const MAX_BODY_BYTES = 64 * 1024;
/** A CSV upload (the import streams it) may be this large, with room for the multipart framing. */
const MAX_UPLOAD_BYTES = FILE_LIMITS.bytes + 64 * 1024;

const tooLarge = (what: string) => () => {
  throw new HTTPException(413, {
    message: `What you sent is larger than Folio accepts (${what}).`,
  });
};
const formLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge('64 KB') });
const uploadLimit = bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: tooLarge('20 MB') });

/**
 * Every body is limited to a small form's size, except the import's file upload. GET and HEAD carry
 * none (the Node adapter gives them no body), and asking for one would build the full web Request the
 * adapter otherwise never makes (its headers, an AbortController): a tenth of a small page's CPU.
 */
const bodyLimits: MiddlewareHandler<AppEnv> = (c, next) => {
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD') return next();
  return method === 'POST' && c.req.path === '/customers/import'
    ? uploadLimit(c, next)
    : formLimit(c, next);
};

export interface AppOptions {
  db: DB;
  config: Config;
  logger?: Logger;
  assets?: Assets;
  now?: () => number;
  /** Defaults to Argon2id at production cost; tests pass cheap parameters. */
  passwords?: Passwords;
}

export function createApp(options: AppOptions): Hono<AppEnv> {
  // Loaded on the first request that needs it (createApp does no I/O); a failed load is tried again.
  let secretKey: Promise<string> | undefined;
  const deps: AppDeps = {
    db: options.db,
    config: options.config,
    logger: options.logger ?? createLogger(options.config.logLevel),
    assets: options.assets ?? loadAssets(),
    now: options.now ?? Date.now,
    passwords: options.passwords ?? productionPasswords,
    secretKey: () =>
      (secretKey ??= loadSecretKey(options.db, options.config, (options.now ?? Date.now)()).catch(
        (error: unknown) => {
          secretKey = undefined;
          throw error;
        },
      )),
  };

  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(requestId());
  app.use(requestLog);
  app.use(securityHeaders());

  // Served before the session check: static files and the health probe never touch a session.
  app.route('/', deps.assets.routes);
  app.get('/healthz', async (c) => {
    c.header('Cache-Control', 'no-store');
    const ok = await databaseAnswers(deps.db);
    return c.json(
      { status: ok ? 'ok' : 'unavailable', database: ok ? 'ok' : 'unreachable' },
      ok ? 200 : 503,
    );
  });

  app.use(bodyLimits);

  app.use(async (c, next) => {
    // The same URL answers a page or a fragment depending on HX-Request; caches must know. Pages hold
    // private data: not stored. (Set before the handler, which may replace them.)
    c.header('Vary', 'HX-Request');
    c.header('Cache-Control', 'no-store');
    await next();
  });
  app.use(sessionMiddleware);
  app.use(csrfToken);
  app.use(flashMiddleware);

  app.route('/', authRoutes);
  app.route('/', resetRoutes);
  app.route('/settings', settingsRoutes());
  app.route('/customers', customerRoutes);
  app.route('/customers', historyRoutes);
  app.route('/customers', noteRoutes);

  app.notFound(notFound);
  app.onError(onError);
  return app;
}

/** /settings: your account and your team, one members-only router (sign-in and CSRF checked once). */
function settingsRoutes(): Hono<AppEnv> {
  return membersOnly()
    .get('/', (c) => c.redirect('/settings/account', 303))
    .route('/account/sessions', sessionListRoutes)
    .route('/account', accountRoutes)
    .route('/team', teamRoutes);
}
