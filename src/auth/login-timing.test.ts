// A failed sign-in takes about the same time whether the email exists or not. In a file of its own so
// that the very first attempt runs in a fresh module, where nothing has been hashed or cached yet.
import { describe, expect, it } from 'vitest';
import { createTestApp, signIn, signUp, TestClient } from '../testing/harness.js';

describe('sign-in timing', () => {
  it('takes about the same time for an unknown email as for a wrong password', async () => {
    const fresh = await createTestApp();
    await signUp(fresh.app, { email: 'timing@example.com' });
    const time = async (email: string, ip: string) => {
      const started = performance.now();
      const response = await signIn(new TestClient(fresh.app, ip), email, 'wrong password here');
      expect(response.status).toBe(422);
      return performance.now() - started;
    };
    const firstUnknown = await time('first-unknown@example.com', '192.0.2.20');
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      wrong.push(await time('timing@example.com', `192.0.2.${30 + i}`));
      unknown.push(await time(`unknown${i}@example.com`, `192.0.2.${40 + i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const reference = median(wrong);
    expect(firstUnknown).toBeLessThan(reference * 1.7);
    expect(median(unknown)).toBeGreaterThan(reference * 0.6);
    expect(median(unknown)).toBeLessThan(reference * 1.6);
  });
});
