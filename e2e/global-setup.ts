// Starts the built Folio server (dist/, as `npm start` runs it) on a free port with a fresh database,
// and stops it when the run ends.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const folder = mkdtempSync(path.join(tmpdir(), 'folio-e2e-'));
  const server = spawn(process.execPath, ['--enable-source-maps', 'dist/src/server.js'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: path.join(folder, 'folio.db'),
      NODE_ENV: 'test',
      // Fixtures sign up from addresses of their own (X-Forwarded-For): sign-ups are throttled per address.
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    let started = false;
    const timer = setTimeout(
      () => reject(new Error(`server did not start within 20 s:\n${output}`)),
      20_000,
    );
    // stdout keeps being read (and dropped) after the start line, so the access log never blocks the server.
    const onData = (chunk: Buffer) => {
      if (started) return;
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/[^\s"]+)/);
      if (match) {
        started = true;
        clearTimeout(timer);
        resolve(match[1]!);
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
  process.env.FOLIO_E2E_URL = url;
  process.env.FOLIO_E2E_DB = path.join(folder, 'folio.db');

  return async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(folder, { recursive: true, force: true });
  };
}
