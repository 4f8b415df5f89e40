// Starts the built Folio server (dist/, as `npm start` runs it) on a free port with a fresh database,
// twice: on a SQLite file (the js, nojs and phone projects) and on a new database of a throwaway
// PostgreSQL cluster (the postgres project), and stops them both when the run ends.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scratchDatabase, type ScratchDatabase } from '../src/cli/scratch-database.js';

interface Server {
  url: string;
  stop: () => Promise<void>;
}

function startServer(databaseUrl: string): Promise<Server> {
  const server = spawn(process.execPath, ['--enable-source-maps', 'dist/src/server.js'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'test',
      // Fixtures sign up from addresses of their own (X-Forwarded-For): sign-ups are throttled per address.
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  };

  return new Promise<Server>((resolve, reject) => {
    let output = '';
    let started = false;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`server did not start within 20 s:\n${output}`));
    }, 20_000);
    // stdout keeps being read (and dropped) after the start line, so the access log never blocks the server.
    const onData = (chunk: Buffer) => {
      if (started) return;
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/[^\s"]+)/);
      if (match) {
        started = true;
        clearTimeout(timer);
        resolve({ url: match[1]!, stop });
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    server.on('exit', (code) =>
      reject(new Error(`server exited with ${code} before listening:\n${output}`)),
    );
  });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const folder = mkdtempSync(path.join(tmpdir(), 'folio-e2e-'));
  const file = path.join(folder, 'folio.db');
  const sqlite = await startServer(file);
  process.env.FOLIO_E2E_URL = sqlite.url;
  process.env.FOLIO_E2E_DB = file;

  // A cluster of its own (src/cli/scratch-cluster.ts), or a new database on DATABASE_URL_TEST's server.
  let postgres: ScratchDatabase | undefined;
  let onPostgres: Server;
  try {
    postgres = await scratchDatabase('postgres', 'e2e');
    onPostgres = await startServer(postgres.url);
  } catch (error) {
    await sqlite.stop();
    await postgres?.drop();
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  process.env.FOLIO_E2E_POSTGRES_URL = onPostgres.url;
  process.env.FOLIO_E2E_POSTGRES_DB = postgres.url;

  return async () => {
    await Promise.all([sqlite.stop(), onPostgres.stop()]);
    await postgres.drop();
    rmSync(folder, { recursive: true, force: true });
  };
}
