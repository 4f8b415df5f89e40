// Every route the app registers needs a signed-in member, unless it is on this short public list.
// The list is read from Hono's router, so a new route without a decision fails here.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/harness.js';
import { plainPath } from '../testing/snapshot.js';

const PUBLIC_ROUTES = new Set([
  'GET /',
  'GET /healthz',
  'GET /static/:file',
  'GET /login',
  'POST /login',
  'GET /register',
  'POST /register',
  'POST /logout',
  'GET /reset-password',
  'POST /reset-password',
]);

function concrete(path: string): string {
  return plainPath(path)
    .replace(/:[a-zA-Z]+/g, '1')
    .replace(/\/\*$/, '');
}

describe('route table', async () => {
  const { app } = await createTestApp();
  const routes = app.routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => ({
      method: route.method,
      path: route.path,
      key: `${route.method} ${route.path}`,
    }));
  const unique = [...new Map(routes.map((route) => [route.key, route])).values()];
  const guarded = unique.filter((route) => !PUBLIC_ROUTES.has(route.key));

  it('lists the public routes it expects, and guards the rest', () => {
    const registered = new Set(unique.map((route) => route.key));
    for (const key of PUBLIC_ROUTES)
      expect(registered, `public route ${key} is registered`).toContain(key);
    expect(guarded.length).toBeGreaterThan(5);
  });

  it.each(guarded)(
    '$method $path sends an anonymous page request to sign in, or answers 401',
    async ({ method, path }) => {
      const url = concrete(path);
      const page = await app.request(url, { method, headers: { Origin: 'http://localhost' } });
      if (method === 'GET') {
        expect(page.status).toBe(303);
        expect(page.headers.get('Location')).toMatch(/^\/login(\?next=|$)/);
      } else {
        expect(page.status).toBe(401);
      }
      const htmx = await app.request(url, {
        method,
        headers: { 'HX-Request': 'true', Origin: 'http://localhost' },
      });
      expect(htmx.status).toBe(401);
    },
  );
});
