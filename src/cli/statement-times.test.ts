// The bench's statement times (--statements): each statement's time and calls by SQL text, and
// per request between two snapshots.
import { describe, expect, it } from 'vitest';
import { perRequest, timeStatements } from './statement-times.js';

/** A stand-in for better-sqlite3's Statement (the real prototype is shared by every test file). */
class Statement {
  constructor(readonly source: string) {}
  all(...parameters: unknown[]) {
    const n = Number(parameters[0]);
    const until = process.hrtime.bigint() + BigInt(n * 1000);
    while (process.hrtime.bigint() < until); // n µs of work
    return [n];
  }
  get(): unknown {
    throw new Error('no such table');
  }
  run() {
    return { changes: 1 };
  }
}

describe('statement times', () => {
  it('times each call by SQL text, failures included, and answers what the statement answers', () => {
    const totals = timeStatements(Statement.prototype);
    const slow = new Statement('SELECT slow');
    expect(slow.all(300)).toEqual([300]);
    slow.all(300);
    new Statement('UPDATE x').run();
    expect(() => new Statement('SELECT broken').get()).toThrow('no such table');
    const seen = totals();
    expect(seen['SELECT slow']!.calls).toBe(2);
    expect(seen['SELECT slow']!.micros).toBeGreaterThanOrEqual(600);
    expect(seen['UPDATE x']!.calls).toBe(1);
    expect(seen['SELECT broken']!.calls).toBe(1);
    // A snapshot: later calls do not change it.
    slow.all(1);
    expect(seen['SELECT slow']!.calls).toBe(2);
  });

  it('gives what changed between two snapshots per request, costliest first, leaving out the idle', () => {
    const before = { a: { micros: 100, calls: 10 }, idle: { micros: 5, calls: 1 } };
    const after = {
      a: { micros: 300, calls: 30 },
      idle: { micros: 5, calls: 1 },
      b: { micros: 1_000, calls: 10 },
    };
    expect(perRequest(before, after, 10)).toEqual([
      { sql: 'b', micros: 100, calls: 1 },
      { sql: 'a', micros: 20, calls: 2 },
    ]);
  });
});
