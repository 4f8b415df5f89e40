// Process entry: read config, open and migrate the database, listen, and shut down cleanly on a signal.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { createLogger } from './logger.js';
import { purgeExpired } from './auth/maintenance.js';

async function main(): Promise<void> {
  let config;
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
  const db = openDatabase(config.database);
  const migrated = await migrateToLatest(db);
  for (const result of migrated.results ?? []) logger.info('migrated', { migration: result.migrationName });

  const app = createApp({ db, config, logger });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
    const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
    logger.info(`Folio is listening on http://${host}:${info.port}`, {
      database: config.database.dialect,
      env: config.production ? 'production' : 'development',
    });
  });

  const purge = () => purgeExpired(db, Date.now()).catch((error) => logger.warn('purge failed', { error: String(error) }));
  const purgeTimer = setInterval(purge, 60 * 60 * 1000);
  purgeTimer.unref();
  void purge();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    clearInterval(purgeTimer);
    // close() stops accepting and waits for requests in flight; idle keep-alive sockets are closed now.
    server.close(async () => {
      await db.destroy();
      logger.info('stopped');
      process.exit(0);
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    setTimeout(() => {
      logger.warn('requests still open after 10 s; exiting');
      process.exit(1);
    }, 10_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`folio: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
