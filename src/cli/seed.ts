// `npm run seed -- --customers N --email E --password P [--workspace NAME]`: a user with that sign-in
// (created, or reused when the email exists) and N realistic fake customers in their workspace.
import { parseArgs } from 'node:util';
import { SqliteAdapter, sql } from 'kysely';
import { loadConfig } from '../config.js';
import { openDatabase, type DB } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import * as accounts from '../auth/queries.js';
import { hashPassword } from '../auth/passwords.js';
import { insertCustomers, type CustomerFields } from '../customers/bulk.js';
import { demoCustomers } from './demo-customers.js';
import { mergeSearchIndex } from '../customers/search/merging.js';

const BATCH = 20_000;

const USAGE =
  'usage: npm run seed -- --customers N --email E --password P [--workspace NAME] [--seed S]\n' +
  '  adds N realistic customers to the workspace of that user (created, or reused when the email\n' +
  '  exists), on DATABASE_URL (default data/folio.db); --seed picks another deterministic book\n';

function usage(message: string): never {
  process.stderr.write(`seed: ${message}\n${USAGE}`);
  process.exit(2);
}

function parsedArgs() {
  try {
    return parseArgs({
      options: {
        customers: { type: 'string' },
        email: { type: 'string' },
        password: { type: 'string' },
        workspace: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    // An unknown or incomplete option: say which, with the usage, never a stack trace.
    return usage(error instanceof Error ? error.message : String(error));
  }
}

interface SeedOptions {
  customers: number;
  email: string;
  password: string;
  workspace?: string;
  seed?: number;
  progress?: (done: number, total: number) => void;
}

/** Creates or reuses the user, then adds the customers; returns the user's and workspace's ids. */
export async function seed(
  db: DB,
  options: SeedOptions,
): Promise<{ userId: number; workspaceId: number }> {
  let user = await accounts.findUserByEmail(db, options.email);
  if (!user) {
    await accounts.createAccount(db, {
      name: options.email.split('@')[0] ?? 'Demo',
      email: options.email,
      passwordHash: await hashPassword(options.password),
      now: new Date().toISOString(),
      join: { workspaceName: options.workspace ?? 'Demo team' },
    });
    user = (await accounts.findUserByEmail(db, options.email))!;
  }
  // A bulk load may trade durability for speed: a crash midway just means seeding again.
  // A large page cache keeps the search index's merges in memory instead of re-reading pages.
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`PRAGMA synchronous = OFF`.execute(db);
    await sql`PRAGMA cache_size = -262144`.execute(db);
    await sql`PRAGMA wal_autocheckpoint = 20000`.execute(db);
  }
  const rows = demoCustomers(options.customers, options.seed);
  let done = 0;
  while (done < options.customers) {
    const batch: CustomerFields[] = [];
    for (let i = 0; i < BATCH && done + i < options.customers; i += 1)
      batch.push(rows.next().value as CustomerFields);
    await insertCustomers(db, user.workspace_id, user.id, batch);
    done += batch.length;
    options.progress?.(done, options.customers);
  }
  // What the server's housekeeping would merge at its start, merged now: the book is searched at once.
  await mergeSearchIndex(db);
  if (db.getExecutor().adapter instanceof SqliteAdapter)
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  return { userId: user.id, workspaceId: user.workspace_id };
}

async function main(): Promise<void> {
  const values = parsedArgs();
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const count = Number(values.customers ?? '');
  if (!Number.isInteger(count) || count < 0) usage('--customers must be a whole number');
  if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email))
    usage('--email must be an email address');
  if (!values.password || values.password.length < 8)
    usage('--password must be at least 8 characters');

  const config = loadConfig();
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  const started = performance.now();
  let lastReport = 0;
  const { workspaceId } = await seed(db, {
    customers: count,
    email: values.email,
    password: values.password,
    workspace: values.workspace,
    seed: values.seed ? Number(values.seed) : undefined,
    progress(done, total) {
      const now = performance.now();
      if (now - lastReport < 1000 && done < total) return;
      lastReport = now;
      const rate = Math.round(done / ((now - started) / 1000));
      process.stdout.write(
        `seed: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} customers (${rate.toLocaleString('en-US')}/s)\n`,
      );
    },
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `seed: done in ${seconds.toFixed(1)} s; sign in as ${values.email} (workspace ${workspaceId})`,
  );
  await db.destroy();
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((error) => {
    process.stderr.write(
      `seed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
    );
    process.exit(1);
  });
}
