// The origin people reach Folio at: the request's own, or what a trusted reverse proxy says it was.
import type { Context } from 'hono';
import type { AppEnv } from './env.js';

export function publicOrigin(c: Context<AppEnv>): URL {
  const url = new URL(c.req.url);
  const host = c.req.header('Host');
  if (host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(host)) url.host = host;
  if (c.var.deps.config.trustProxy) {
    const proto = c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim();
    const forwardedHost = c.req.header('X-Forwarded-Host')?.split(',')[0]?.trim();
    if (proto === 'http' || proto === 'https') url.protocol = `${proto}:`;
    if (forwardedHost && /^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(forwardedHost)) url.host = forwardedHost;
  }
  return new URL(url.origin);
}
