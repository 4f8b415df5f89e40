// `npm run migrate -- up|down|status`: the migrator by hand, on the configured DATABASE_URL.
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createMigrator, migrateDown, migrateToLatest } from '../db/migrator.js';

const command = process.argv[2] ?? 'up';
if (!['up', 'down', 'status'].includes(command)) {
  process.stderr.write('usage: npm run migrate -- up|down|status\n');
  process.exit(2);
}

const config = loadConfig();
const db = openDatabase(config.database);
try {
  if (command === 'status') {
    for (const migration of await createMigrator(db).getMigrations()) {
      const when = migration.executedAt
        ? `applied ${migration.executedAt.toISOString()}`
        : 'pending';
      console.log(`${migration.name.padEnd(32)} ${when}`);
    }
  } else {
    const outcome = command === 'up' ? await migrateToLatest(db) : await migrateDown(db);
    const results = outcome.results ?? [];
    if (results.length === 0)
      console.log(command === 'up' ? 'Already up to date.' : 'Nothing to undo.');
    for (const result of results)
      console.log(`${result.direction === 'Up' ? 'applied' : 'reverted'} ${result.migrationName}`);
  }
} catch (error) {
  process.stderr.write(`migrate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
