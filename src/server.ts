// Process entry: read config, open and migrate the database, listen, and shut down cleanly on a signal.
// With WEB_CONCURRENCY=N, a primary process migrates once and runs N workers that share the port
// (SQLite in WAL mode takes readers in every process and one writer at a time).
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { checkConnection, openDatabase, type DB } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { createLogger, type Logger } from './logger.js';
import { startHousekeeping } from './housekeeping.js';
import { JOBS, jobOptions } from './jobs/registry.js';
import { startJobRunner } from './jobs/runner.js';
import { startJobThread } from './jobs/thread.js';
import { serveWriteTurns, turnsOfPrimary } from './db/cluster-turns.js';
import { takeTurnsThrough } from './db/write-turns.js';

const GRACE_MS = 10_000;

function listeningLine(logger: Logger, config: Config, info: AddressInfo): void {
  const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  logger.info(`Folio is listening on http://${host}:${info.port}`, {
    database: config.database.dialect,
    env: config.production ? 'production' : 'development',
    workers: config.workers,
  });
}

/**
 * Opens the database and checks it answers: an unreachable PostgreSQL stops the start at once. On
 * SQLite one process checkpoints the WAL (checkpointer.ts): the primary of a cluster, or the server
 * alone. A worker's checkpointer would only RESTART against the others' writes, with no turn to take
 * across processes.
 */
async function openChecked(config: Config, logger: Logger): Promise<DB> {
  const db = openDatabase(config.database, {
    onPoolError: (error) => logger.warn('database connection lost', { error: error.message }),
    checkpoints: !cluster.isWorker,
  });
  try {
    await checkConnection(db, config.database);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/** Background jobs on a thread of their own, but for an in-memory SQLite database, which a thread could not reach. */
function startJobs(db: DB, config: Config, logger: Logger): { stop(): Promise<void> } {
  const { database } = config;
  if (database.dialect === 'sqlite' && database.path === ':memory:')
    return startJobRunner(db, JOBS, logger, jobOptions(db));
  return startJobThread(db, config, logger);
}

/** Runs the app in this process until SIGINT/SIGTERM, then finishes requests in flight and closes the DB. */
async function runServer(
  config: Config,
  logger: Logger,
  options: { migrate: boolean; announce: boolean },
): Promise<void> {
  const db = await openChecked(config, logger);
  // A worker's writers take turns with the primary's job and checkpointer (cluster-turns.ts).
  if (cluster.isWorker && config.database.dialect === 'sqlite')
    takeTurnsThrough(turnsOfPrimary(process));
  if (options.migrate) {
    const migrated = await migrateToLatest(db);
    for (const result of migrated.results ?? [])
      logger.info('migrated', { migration: result.migrationName });
  }

  const app = createApp({ db, config, logger });
  const server = serve(
    { fetch: app.fetch, port: config.port, hostname: config.host },
    (info: AddressInfo) => {
      if (options.announce) listeningLine(logger, config, info);
      else if (cluster.isWorker) process.send?.({ listening: info });
    },
  );

  // One process keeps house and runs background jobs: this one when alone (the jobs on a thread of
  // their own, off the thread answering requests: jobs/thread.ts), the primary when there are workers
  // (leases keep jobs to one runner across instances too).
  const housekeeping = cluster.isWorker ? undefined : startHousekeeping(db, logger);
  const jobs = cluster.isWorker ? undefined : startJobs(db, config, logger);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal, pid: process.pid });
    // The database closes after requests in flight and housekeeping's batch in progress are done.
    const housekept = Promise.all([housekeeping?.stop(), jobs?.stop()]);
    // close() stops accepting and waits for requests in flight; idle keep-alive sockets are closed now.
    server.close(() => {
      void Promise.resolve(housekept)
        .then(() => db.destroy())
        .finally(() => {
          logger.info('stopped', { pid: process.pid });
          process.exit(0);
        });
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    setTimeout(() => {
      logger.warn('requests still open after 10 s; exiting');
      process.exit(1);
    }, GRACE_MS).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** The primary of a cluster: migrate once, start the workers, replace one that dies, stop them all on a signal. */
async function runPrimary(config: Config, logger: Logger): Promise<void> {
  const db = await openChecked(config, logger);
  const migrated = await migrateToLatest(db);
  for (const result of migrated.results ?? [])
    logger.info('migrated', { migration: result.migrationName });
  const housekeeping = startHousekeeping(db, logger);
  // SQLite: on a thread of their own, as a lone server's, so the job's writes take turns with the
  // checkpointer's (and, through this process, the workers').
  const jobs =
    config.database.dialect === 'sqlite'
      ? startJobs(db, config, logger)
      : startJobRunner(db, JOBS, logger, jobOptions(db));

  let stopping = false;
  let announced = false;
  const start = () => {
    const worker = cluster.fork();
    if (config.database.dialect === 'sqlite') serveWriteTurns(worker);
    // A worker that dies as it is sent something (EPIPE) is replaced at its exit, below.
    worker.on('error', (error) => logger.warn('worker unreachable', { error: error.message }));
    worker.on('message', (message: { listening?: AddressInfo }) => {
      if (message.listening && !announced) {
        announced = true;
        listeningLine(logger, config, message.listening);
      }
    });
  };
  for (let i = 0; i < config.workers; i += 1) start();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0)
        void Promise.all([housekeeping.stop(), jobs.stop()])
          .then(() => db.destroy())
          .then(() => process.exit(0));
      return;
    }
    logger.error('worker died; starting another', { pid: worker.process.pid, code, signal });
    start();
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal, workers: config.workers });
    void housekeeping.stop();
    void jobs.stop();
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), GRACE_MS + 1000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`folio: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (
    config.workers > 1 &&
    config.database.dialect === 'sqlite' &&
    config.database.path === ':memory:'
  ) {
    process.stderr.write('folio: WEB_CONCURRENCY above 1 needs a database file, not :memory:\n');
    process.exit(1);
  }
  if (config.workers === 1) return runServer(config, logger, { migrate: true, announce: true });
  if (cluster.isPrimary) return runPrimary(config, logger);
  return runServer(config, logger, { migrate: false, announce: false });
}

main().catch((error) => {
  // A database that cannot be reached is a configuration matter: its message, not a stack trace.
  const unreachable = error instanceof Error && error.message.startsWith('cannot connect to');
  process.stderr.write(
    `folio: failed to start: ${error instanceof Error ? (unreachable ? error.message : (error.stack ?? error.message)) : error}\n`,
  );
  process.exit(1);
});
