// Backups of a running Folio's database: SQLite's online backup API, or pg_dump's custom format.
// Either way the backup is one consistent moment of the database, taken without stopping the writers.
import { spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import type { DatabaseConfig } from '../config.js';

export interface BackupResult {
  file: string;
  bytes: number;
  /** SQLite only: PRAGMA integrity_check of the finished backup ('ok' when it is whole). */
  integrity?: string;
}

/**
 * Writes the backup to `file` (which must not exist yet). It is written under a temporary name and
 * renamed when complete, so a file with the final name is always a whole backup.
 */
export async function backupDatabase(
  database: DatabaseConfig,
  file: string,
): Promise<BackupResult> {
  if (existsSync(file)) throw new Error(`${file} already exists; choose a new file name`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    const result =
      database.dialect === 'sqlite'
        ? await backupSqlite(database.path, partial)
        : await backupPostgres(database.url, partial);
    renameSync(partial, file);
    return { ...result, file, bytes: statSync(file).size };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

async function backupSqlite(
  source: string,
  file: string,
): Promise<Pick<BackupResult, 'integrity'>> {
  if (source === ':memory:') throw new Error('an in-memory database has nothing to back up');
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    // The backup copies pages in steps and starts over whenever another connection writes between
    // two steps, which under steady writes might never end. After the first (empty) step, ask for
    // every page at once: one read transaction, which in WAL mode lets the writers carry on.
    await db.backup(file, { progress: ({ totalPages }) => totalPages + 1 });
    // The copy leaves WAL mode, so the backup is one self-contained file; Folio turns WAL on again when it opens it.
    const copy = new SQLite(file);
    try {
      copy.pragma('journal_mode = DELETE');
      return { integrity: String(copy.pragma('integrity_check', { simple: true })) };
    } finally {
      copy.close();
    }
  } finally {
    db.close();
  }
}

/** The pg_dump command line and environment for a URL; the password travels in the environment, not in `ps`. */
export function pgDumpInvocation(
  url: string,
  file: string,
): { args: string[]; env: Record<string, string> } {
  // Not parsed as a WHATWG URL: libpq's socket form (postgres://user@/db?host=/run/x) is not one.
  const credentials = /^(postgres(?:ql)?:\/\/[^:@/?#]*):([^@/?#]*)@/i.exec(url);
  const env: Record<string, string> = {};
  let dbname = url;
  if (credentials) {
    env.PGPASSWORD = decodeURIComponent(credentials[2]!);
    dbname = `${credentials[1]}@${url.slice(credentials[0].length)}`;
  }
  return { args: ['--format=custom', `--file=${file}`, `--dbname=${dbname}`], env };
}

function backupPostgres(url: string, file: string): Promise<Pick<BackupResult, 'integrity'>> {
  const { args, env } = pgDumpInvocation(url, file);
  return new Promise((resolve, reject) => {
    const child = spawn('pg_dump', args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              'pg_dump is not on PATH: install the PostgreSQL client tools (Debian: apt-get install postgresql-client) at the version of the server or newer',
            )
          : error,
      ),
    );
    child.on('exit', (code) => {
      if (code === 0) resolve({});
      else reject(new Error(`pg_dump failed (exit ${code}): ${errors.trim()}`));
    });
  });
}
