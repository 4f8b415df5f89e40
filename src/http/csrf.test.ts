// A visitor's token (no session yet): drawn from a pool of random bytes, so it must stay one of its
// own for every visitor, across the pool's refills, and the page's form must carry the cookie's.
import { describe, expect, it } from 'vitest';
import { createTestApp, setCookies } from '../testing/harness.js';

describe("a visitor's CSRF token", async () => {
  const { app } = await createTestApp();

  it('is new for each visitor, 256 random bits, across refills of the pool it is drawn from', async () => {
    // 300 visitors: the pool holds 128 tokens, so this draws from three fillings of it.
    const tokens = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const response = await app.request('/login');
      expect(response.status).toBe(200);
      const token = setCookies(response).get('folio_csrf')?.value ?? '';
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // The sign-in form sends back the token its cookie holds.
      expect(await response.text()).toContain(`name="_csrf" value="${token}"`);
      tokens.add(token);
    }
    expect(tokens.size).toBe(300);
  });
});
