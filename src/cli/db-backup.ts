// `npm run db:backup -- FILE`: a consistent backup of DATABASE_URL's database, safe while Folio runs
// (SQLite's online backup API, or pg_dump's custom format for PostgreSQL). README: "Backups".
import { loadConfig } from '../config.js';
import { backupDatabase } from '../db/backup.js';

const file = process.argv[2];
if (!file || file.startsWith('-') || process.argv.length > 3) {
  process.stderr.write('usage: npm run db:backup -- FILE   (backs up DATABASE_URL)\n');
  process.exit(2);
}

try {
  const started = performance.now();
  const result = await backupDatabase(loadConfig().database, file);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const megabytes = (result.bytes / 1024 / 1024).toFixed(1);
  const check = result.integrity === undefined ? '' : `, integrity_check ${result.integrity}`;
  console.log(`db:backup: wrote ${result.file} (${megabytes} MB) in ${seconds} s${check}`);
  if (result.integrity !== undefined && result.integrity !== 'ok') process.exitCode = 1;
} catch (error) {
  process.stderr.write(`db:backup: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
