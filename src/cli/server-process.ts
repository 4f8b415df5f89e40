// Starts Folio as a separate process on a free port (the way `npm start` runs it) for scripts and tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
  /** SIGKILL: no chance to finish anything. */
  kill(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Node's flags for the server, the same as `npm start` passes (package.json): V8's new space at most
 * 2 x 4 MB instead of 2 x 16 MB. A request's garbage dies young either way; the larger new space only
 * kept up to 24 MB more resident under load (the bench's peak RSS 152 MB, 121-128 with this). And GC
 * on each thread alone: its helper threads cost more CPU than they saved on these two shared cores
 * (side by side, 4-7% more per table page; a scavenge took 0.41 ms at the median alone, 0.75 ms in
 * parallel), and the heap is small (12-16 MB old), so marking stays incremental and short.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=4', '--single-threaded-gc'];

/**
 * The built server (dist/src/server.js) when running from dist, or the TypeScript source through tsx
 * when running from src (vitest), so tests need no build first; with the server's node flags.
 */
export function serverCommand(): string[] {
  if (here.includes(`${path.sep}dist${path.sep}`))
    return [...SERVER_NODE_FLAGS, path.join(here, '..', 'server.js')];
  return [...SERVER_NODE_FLAGS, '--import', 'tsx', path.join(here, '..', 'server.ts')];
}

/**
 * `port`: the port of a server this one replaces (a restart after a crash); a free one otherwise.
 * `nodeOptions`: flags for node itself, such as `--cpu-prof` (the bench's profiles).
 * `timeoutMs`: how long it may take to answer /healthz; one that does not is killed, never left behind.
 */
export async function startServer(
  env: Record<string, string>,
  port?: number,
  nodeOptions: string[] = [],
  // A clock deadline: on a loaded machine the source server (tsx, and its workers) takes over 20 s.
  timeoutMs = 40_000,
): Promise<ServerProcess> {
  port ??= await freePort();
  const child = spawn(process.execPath, [...nodeOptions, ...serverCommand()], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await answering(child, url, timeoutMs);
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Waits until the server answers /healthz; throws when it exits first or takes longer than timeoutMs. */
async function answering(child: ChildProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited with ${child.exitCode ?? child.signalCode} before answering`);
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) })).ok) return;
    } catch {
      // Not listening yet (or not answering): try again until the deadline.
    }
    if (Date.now() >= deadline)
      throw new Error(
        `server (pid ${child.pid}) did not answer /healthz within ${timeoutMs / 1000} s; it was stopped`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
