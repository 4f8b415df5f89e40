// One access-log line per request: id, method, path, status and milliseconds.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';

export const requestLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now();
  c.header('X-Request-Id', c.get('requestId'));
  await next();
  c.get('deps').logger.info('request', {
    id: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
  });
};
