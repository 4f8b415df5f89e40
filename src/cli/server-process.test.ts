// The server process helper of the scripts (bench, stress): a server that never answers is not left running.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SERVER_NODE_FLAGS, serverCommand, startServer } from './server-process.js';

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startServer', () => {
  it('stops a server that does not answer /healthz in time, and says so', async () => {
    // A node process that stays up and never listens: --eval runs instead of the server's script.
    const never = ['--eval', 'setInterval(() => {}, 1000)'];
    const error = await startServer({}, undefined, never, 500).then(
      () => new Error('it answered'),
      (reason: unknown) => reason as Error,
    );
    expect(error.message).toMatch(/^server \(pid \d+\) did not answer \/healthz within 0\.5 s/);
    const pid = Number(/pid (\d+)/.exec(error.message)![1]);
    expect(running(pid)).toBe(false);
  });
});

describe('serverCommand', () => {
  it('runs the server with the node flags npm start passes', () => {
    const start = (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        scripts: { start: string };
      }
    ).scripts.start;
    expect(SERVER_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const flag of SERVER_NODE_FLAGS) {
      expect(start.split(' ')).toContain(flag);
      expect(serverCommand()).toContain(flag);
    }
  });
});
