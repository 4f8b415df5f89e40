// Argon2id hashing with OWASP's parameters, and the dummy hash that hides whether an email exists.
import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('hashes with Argon2id (19 MiB, 2 passes, 1 lane) and verifies only the same password', async () => {
    const stored = await hashPassword('a long enough secret');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'a long enough secret')).toBe(true);
    expect(await verifyPassword(stored, 'a long enough secreT')).toBe(false);
  });

  it('treats a malformed stored hash as a mismatch instead of throwing', async () => {
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });

  it('uses a dummy hash with the same parameters as real ones, so verifying against it costs the same', async () => {
    const real = await hashPassword('x'.repeat(12));
    const params = (h: string) => h.split('$').slice(1, 4).join('$');
    expect(params(dummyPasswordHash())).toBe(params(real));
    expect(await verifyPassword(dummyPasswordHash(), 'x'.repeat(12))).toBe(false);
  });
});
