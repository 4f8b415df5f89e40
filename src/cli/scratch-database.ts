// A throwaway database for the benchmark and the stress tool: a SQLite file in a temp folder, or a
// new PostgreSQL database on DATABASE_URL_TEST's server (a superuser URL), else on a throwaway cluster.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { DatabaseConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { databaseUrl, startCluster } from './scratch-cluster.js';

export interface ScratchDatabase {
  config: DatabaseConfig;
  /** The URL a server process is given (DATABASE_URL). */
  url: string;
  /** Drops the database (and the cluster or folder made for it). */
  drop(): Promise<void> | void;
}

export async function scratchDatabase(
  engine: 'sqlite' | 'postgres',
  label: string,
): Promise<ScratchDatabase> {
  if (engine === 'sqlite') {
    const folder = mkdtempSync(path.join(tmpdir(), `folio-${label}-`));
    const file = path.join(folder, 'folio.db');
    return {
      config: { dialect: 'sqlite', path: file },
      url: file,
      drop: () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  const cluster = process.env.DATABASE_URL_TEST ? null : startCluster();
  const adminUrl = process.env.DATABASE_URL_TEST ?? cluster!.adminUrl;
  const name = `folio_${label}_${process.pid}`;
  const admin = openDatabase({ dialect: 'postgres', url: adminUrl, poolMax: 1 });
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin);
  const url = databaseUrl(adminUrl, name);
  return {
    config: { dialect: 'postgres', url, poolMax: 10 },
    url,
    async drop() {
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin);
      await admin.destroy();
      cluster?.stop();
    },
  };
}

/** `--database sqlite|postgres`, or a usage error. */
export function engineOption(value: string | undefined, tool: string): 'sqlite' | 'postgres' {
  if (value === 'sqlite' || value === 'postgres') return value;
  process.stderr.write(`${tool}: --database is sqlite or postgres\n`);
  process.exit(2);
}
