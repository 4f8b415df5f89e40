// A failed sign-in costs the same whether the email exists or not: both run one Argon2id verification
// with the same parameters (an unknown email is checked against a dummy hash). Checked by counting the
// work, not by timing it: timings on a shared machine are noise.
import { parseOptions } from '@node-rs/argon2';
import { describe, expect, it, vi } from 'vitest';
import { cheapPasswords, createTestApp, signIn, signUp, TestClient } from '../testing/harness.js';

describe('sign-in work', () => {
  it('verifies one Argon2id hash with the same parameters for an unknown email as for a wrong password', async () => {
    const { app } = await createTestApp();
    await signUp(app, { email: 'timing@example.com' });
    const verify = vi.spyOn(cheapPasswords, 'verify');

    verify.mockClear();
    expect(
      (await signIn(new TestClient(app, '192.0.2.20'), 'nobody@example.com', 'wrong password here'))
        .status,
    ).toBe(422);
    expect(verify).toHaveBeenCalledTimes(1);
    const unknownHash = verify.mock.calls[0]![0];

    verify.mockClear();
    expect(
      (await signIn(new TestClient(app, '192.0.2.21'), 'timing@example.com', 'wrong password here'))
        .status,
    ).toBe(422);
    expect(verify).toHaveBeenCalledTimes(1);
    const realHash = verify.mock.calls[0]![0];

    expect(unknownHash).not.toBe(realHash);
    const costOf = (hash: string) =>
      Object.entries(parseOptions(hash) as unknown as Record<string, unknown>).filter(
        ([key]) => key !== 'salt',
      );
    expect(costOf(unknownHash)).toEqual(costOf(realHash));
  });
});
