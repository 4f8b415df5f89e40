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
 * The built server (dist/src/server.js) when running from dist, or the TypeScript source through tsx
 * when running from src (vitest), so tests need no build first.
 */
export function serverCommand(): string[] {
  if (here.includes(`${path.sep}dist${path.sep}`)) return [path.join(here, '..', 'server.js')];
  return ['--import', 'tsx', path.join(here, '..', 'server.ts')];
}

/**
 * `port`: the port of a server this one replaces (a restart after a crash); a free one otherwise.
 * `nodeOptions`: flags for node itself, such as `--cpu-prof` (the bench's profiles).
 */
export async function startServer(
  env: Record<string, string>,
  port?: number,
  nodeOptions: string[] = [],
): Promise<ServerProcess> {
  port ??= await freePort();
  const child = spawn(process.execPath, [...nodeOptions, ...serverCommand()], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode} before answering`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (attempt === 399) throw new Error('server did not answer /healthz within 20 s');
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
