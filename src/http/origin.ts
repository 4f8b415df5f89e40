// The origin people reach Folio at: PUBLIC_URL when set, else the request's own, or what a trusted
// reverse proxy says it was. Its scheme decides whether cookies are Secure and HSTS is sent.
import type { Context } from 'hono';
import type { AppEnv } from './env.js';

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/;

// Asked several times a request (each cookie, the security headers, CSRF): worked out once per request.
const origins = new WeakMap<Context<AppEnv>, URL>();

export function publicOrigin(c: Context<AppEnv>): URL {
  let origin = origins.get(c);
  if (!origin) origins.set(c, (origin = requestOrigin(c)));
  return origin;
}

function requestOrigin(c: Context<AppEnv>): URL {
  const { config } = c.get('deps');
  if (config.publicUrl) return config.publicUrl;
  const url = new URL(c.req.url);
  let protocol = url.protocol;
  let host = url.host;
  const hostHeader = c.req.header('Host');
  if (hostHeader && HOST.test(hostHeader)) host = hostHeader;
  if (config.trustProxy) {
    const proto = c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim();
    const forwardedHost = c.req.header('X-Forwarded-Host')?.split(',')[0]?.trim();
    if (proto === 'http' || proto === 'https') protocol = `${proto}:`;
    if (forwardedHost && HOST.test(forwardedHost)) host = forwardedHost;
  }
  // Built from scratch: assigning a host without a port to a URL keeps the old port (the internal one).
  return new URL(`${protocol}//${host}`);
}

/** Whether people reach Folio over https: then cookies are Secure with the __Host- prefix, and HSTS is sent. */
export function overHttps(c: Context<AppEnv>): boolean {
  return publicOrigin(c).protocol === 'https:';
}
