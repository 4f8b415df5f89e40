// Argon2id with OWASP's parameters in production (tests inject a cheap cost), and the dummy hash that
// hides whether an email exists.
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createLogger } from '../logger.js';
import { openTestDatabase } from '../testing/test-database.js';
import { testConfig } from '../testing/harness.js';
import { passwordsAt, productionPasswords, verifyPassword } from './passwords.js';

const params = (h: string) => h.split('$').slice(1, 4).join('$');

describe('passwords', () => {
  it('hashes with Argon2id (19 MiB, 2 passes, 1 lane) in production and verifies only the same password', async () => {
    const stored = await productionPasswords.hash('a long enough secret');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await productionPasswords.verify(stored, 'a long enough secret')).toBe(true);
    expect(await productionPasswords.verify(stored, 'a long enough secreT')).toBe(false);
    // The dummy hash an unknown email is checked against costs the same.
    expect(params(productionPasswords.dummyHash)).toBe(params(stored));
    expect(await productionPasswords.verify(productionPasswords.dummyHash, 'x'.repeat(12))).toBe(
      false,
    );
  });

  it('an app built without a cost uses the production one', async () => {
    const { db, config } = await openTestDatabase();
    const app = createApp({
      db,
      config: testConfig({ database: config }),
      logger: createLogger('silent'),
    });
    let seen: unknown;
    app.get('/__cost', (c) => {
      seen = c.get('deps').passwords;
      return c.text('');
    });
    await app.request('/__cost');
    expect(seen).toBe(productionPasswords);
  });

  it('treats a malformed stored hash as a mismatch instead of throwing', async () => {
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });

  it('a cheaper cost makes its own dummy hash of that cost, and production hashes still verify', async () => {
    const cheap = await passwordsAt({ memoryCost: 8, timeCost: 1, parallelism: 1 });
    const stored = await cheap.hash('x'.repeat(12));
    expect(params(stored)).toBe('argon2id$v=19$m=8,t=1,p=1');
    expect(params(cheap.dummyHash)).toBe(params(stored));
    expect(await cheap.verify(productionPasswords.dummyHash, 'x'.repeat(12))).toBe(false);
  });
});
