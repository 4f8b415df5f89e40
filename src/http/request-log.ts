// One access-log line per request: id, method, path, status and milliseconds.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';

export const requestLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  // The X-Request-Id header is hono/request-id's: it sets the id it logs here.
  const started = performance.now();
  await next();
  c.get('deps').logger.info('request', {
    id: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
  });
};
