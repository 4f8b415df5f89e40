// A cluster worker's writers take their turn through the primary: they wait for the job's write in
// progress there, the job waits for them, and a worker that gives up or dies holds nobody up.
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter, once as event } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { serveWriteTurns, turnsOfPrimary, type TurnMessage } from './cluster-turns.js';
import { jobTurn } from './write-turns.js';
import { resetTurns, settlesWithin, waitingNow } from '../testing/write-turns.js';

/** Until the condition holds (messages cross on later turns of the event loop), `ms` at most. */
async function until(condition: () => boolean, ms = 1_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 5));
}

/** A worker and its primary (each as the other sees it), their messages delivered on a later turn of the event loop, as IPC's are. */
function connectedPair() {
  const toPrimary = new EventEmitter();
  const toWorker = new EventEmitter();
  const sent: TurnMessage[] = [];
  const deliver = (to: EventEmitter, message: TurnMessage) => {
    sent.push(message);
    setImmediate(() => to.emit('message', message));
  };
  const worker = {
    connected: true,
    isConnected: () => worker.connected,
    send: (message: TurnMessage, sent: (error: Error | null) => void) => {
      deliver(toWorker, message);
      sent(null);
    },
    on: (event: 'message' | 'exit', listener: (message?: unknown) => void) =>
      toPrimary.on(event, listener),
    exit: () => {
      worker.connected = false;
      toPrimary.emit('exit');
    },
  };
  const primary = {
    get connected() {
      return worker.connected;
    },
    send: (message: TurnMessage, sent: (error: Error | null) => void) => {
      deliver(toPrimary, message);
      sent(null);
    },
    on: (event: 'message', listener: (message: unknown) => void) => toWorker.on(event, listener),
  };
  return { worker, primary, sent };
}

describe('write turns across a cluster', () => {
  afterEach(resetTurns);

  it("a worker's write waits for the job's write in progress in the primary, and the job's next waits for it", async () => {
    const { worker, primary } = connectedPair();
    serveWriteTurns(worker, 5_000);
    const turn = turnsOfPrimary(primary, 5_000);
    const jobDone = await jobTurn();
    const asked = turn();
    expect(await settlesWithin(asked, 100)).toBe(false);
    // Counted in the primary: the job's next write will wait for it.
    expect(waitingNow()).toBe(1);
    jobDone();
    expect(await settlesWithin(asked, 1_000)).toBe(true);
    const nextJob = jobTurn(5_000);
    expect(await settlesWithin(nextJob, 100)).toBe(false);
    const workerDone = await asked;
    workerDone();
    workerDone(); // once only
    expect(await settlesWithin(nextJob, 1_000)).toBe(true);
    expect(waitingNow()).toBe(0);
    (await nextJob)();
  });

  it('a worker goes on at its bound when the primary does not answer, and says it is done', async () => {
    const { primary, sent } = connectedPair();
    const turn = turnsOfPrimary(primary, 100);
    const asked = turn();
    expect(await settlesWithin(asked, 50)).toBe(false);
    expect(await settlesWithin(asked, 1_000)).toBe(true);
    (await asked)();
    expect(sent).toEqual([
      { writeTurn: 'ask', n: 1 },
      { writeTurn: 'done', n: 1 },
    ]);
  });

  it('a turn the worker finished before it was given ends as soon as the primary has it', async () => {
    const { worker, primary } = connectedPair();
    serveWriteTurns(worker, 5_000);
    const turn = turnsOfPrimary(primary, 50);
    const jobDone = await jobTurn();
    const done = await turn(); // gave up waiting
    done();
    // The primary has the worker's "done" while its turn still waits for the job.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(waitingNow()).toBe(1);
    jobDone();
    await until(() => waitingNow() === 0);
    expect(waitingNow()).toBe(0);
  });

  it('a worker that dies in its turn, or while asking, holds the job up no longer', async () => {
    const { worker, primary } = connectedPair();
    serveWriteTurns(worker, 5_000);
    const turn = turnsOfPrimary(primary, 300);
    await turn(); // given, never done
    const jobDone = await jobTurn(); // waited its bound: the worker's turn is still open
    void turn();
    await until(() => waitingNow() === 2);
    expect(waitingNow()).toBe(2);
    worker.exit();
    expect(waitingNow()).toBe(1);
    jobDone();
    await until(() => waitingNow() === 0);
    expect(waitingNow()).toBe(0);
    // No primary to ask: the worker goes on at once.
    expect(await settlesWithin(turn(), 20)).toBe(true);
  });

  describe('over a real IPC channel', () => {
    const children: ChildProcess[] = [];
    // Their exits release their turns before the counters are reset for the next test.
    afterEach(async () => {
      for (const child of children.splice(0)) {
        if (child.exitCode !== null || child.signalCode !== null) continue;
        const exited = event(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      }
    });

    /** A forked worker (turns-worker.fixture.ts) whose turns this process serves, once it listens. */
    async function forkedWorker(waitMs: number) {
      const file = fileURLToPath(new URL('./turns-worker.fixture.ts', import.meta.url));
      const child = fork(file, [String(waitMs)], { execArgv: ['--import', 'tsx'] });
      children.push(child);
      serveWriteTurns(
        {
          send: (message, sent) => child.send(message, sent),
          isConnected: () => child.connected,
          on: (name: 'message' | 'exit', listener: (message?: unknown) => void) =>
            child.on(name, listener),
        },
        5_000,
      );
      await said(child, 'ready');
      return child;
    }

    /** Resolves when the child says `text`. */
    const said = (child: ChildProcess, text: string) =>
      new Promise<void>((resolve) => {
        const listener = (message: unknown) => {
          if (message !== text) return;
          child.off('message', listener);
          resolve();
        };
        child.on('message', listener);
      });

    it("a forked worker's turn waits for the job's write, and the job's next waits for it", async () => {
      const child = await forkedWorker(5_000);
      const jobDone = await jobTurn();
      const took = said(child, 'took');
      child.send('take');
      await until(() => waitingNow() === 1, 5_000);
      expect(waitingNow()).toBe(1);
      expect(await settlesWithin(took, 100)).toBe(false);
      jobDone();
      expect(await settlesWithin(took, 5_000)).toBe(true);
      const nextJob = jobTurn(5_000);
      expect(await settlesWithin(nextJob, 100)).toBe(false);
      child.send('end');
      expect(await settlesWithin(nextJob, 5_000)).toBe(true);
      (await nextJob)();
      expect(waitingNow()).toBe(0);
    }, 20_000);

    it('a forked worker killed while it waits for its turn: the primary neither throws nor keeps it', async () => {
      const child = await forkedWorker(5_000);
      const jobDone = await jobTurn();
      child.send('take');
      await until(() => waitingNow() === 1, 5_000);
      child.kill('SIGKILL');
      // Its turn comes before its exit is known, perhaps: "go" goes to a dead process.
      jobDone();
      await event(child, 'exit');
      await until(() => waitingNow() === 0, 5_000);
      expect(waitingNow()).toBe(0);
    }, 20_000);
  });
});
