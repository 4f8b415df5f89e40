// `npm run stress [-- --seconds 20 --clients 16]`: concurrent writers creating and editing customers
// against one server on a file database; then every acknowledged write is checked in the file, with
// PRAGMA integrity_check and the search index's own check. Exits non-zero on any 5xx or loss.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { register } from './http-client.js';
import { startServer } from './server-process.js';
import { checkDatabase, driveWriteLoad } from './write-load.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    clients: { type: 'string', default: '16' },
  },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);

const folder = mkdtempSync(path.join(tmpdir(), 'folio-stress-'));
const file = path.join(folder, 'folio.db');
const server = await startServer({ DATABASE_URL: file, NODE_ENV: 'production' });
try {
  const member = await register(server.url, 'stress@example.com', 'stress-password-1');
  console.log(
    `stress: ${clients} clients creating and editing customers for ${seconds} s against ${server.url}`,
  );
  const started = performance.now();
  const { tally, acknowledged } = await driveWriteLoad({
    url: server.url,
    member,
    clients,
    seconds,
  });
  const elapsed = (performance.now() - started) / 1000;
  await server.stop();
  const check = checkDatabase(file, acknowledged);

  console.log(
    `stress: ${tally.requests} requests in ${elapsed.toFixed(1)} s (${Math.round(tally.requests / elapsed)}/s)`,
  );
  console.log(
    `stress: ${tally.created} creates and ${tally.edited} edits acknowledged, ${tally.conflicts} edit conflicts (409)`,
  );
  console.log(
    `stress: ${tally.serverErrors} 5xx, ${tally.clientErrors} other 4xx, ${tally.networkErrors} network errors`,
  );
  for (const sample of tally.samples) console.log(`stress:   ${sample}`);
  console.log(
    `stress: database: ${check.customers} customers; integrity_check ${check.integrity}; search index ${check.searchIndex}; count ${check.countMatches ? 'matches' : 'DOES NOT MATCH'}`,
  );
  console.log(
    `stress: acknowledged writes missing: ${check.missing.length}, with wrong values: ${check.wrongValues.length}`,
  );
  const failed =
    tally.serverErrors > 0 ||
    tally.clientErrors > 0 ||
    tally.networkErrors > 0 ||
    check.integrity !== 'ok' ||
    check.searchIndex !== 'ok' ||
    !check.countMatches ||
    check.missing.length > 0 ||
    check.wrongValues.length > 0;
  console.log(`stress: ${failed ? 'FAILED' : 'ok'}`);
  process.exitCode = failed ? 1 : 0;
} finally {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
}
