// What every test file needs, registered once for all of them by vitest.config.ts.
import { afterAll, afterEach, beforeEach, vi, type MockInstance } from 'vitest';
import { closeTestDatabases } from './test-database.js';

// A stray console.error is a failure, not noise: the test during which something wrote to
// console.error fails (the app logs through its own silent logger in tests).
let consoleError: MockInstance<typeof console.error> | undefined;
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error');
});
afterEach(() => {
  const calls = consoleError?.mock.calls ?? [];
  consoleError?.mockRestore();
  if (calls.length)
    throw new Error(
      `console.error was called during the test:\n${calls.map((c) => c.map(String).join(' ')).join('\n')}`,
    );
});

// Each file's databases are closed and dropped when it ends: with isolate off, a worker runs many files
// in one process, and a pool left open would outlive its file (and the PostgreSQL cluster at the end).
afterAll(closeTestDatabases);
