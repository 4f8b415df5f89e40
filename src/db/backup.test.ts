// Backups taken while writers run: restored the way the README says, the copy is whole and holds every
// write acknowledged before the backup began; and pg_dump's absence or a password never leaks.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { register } from '../cli/http-client.js';
import { startServer } from '../cli/server-process.js';
import {
  checkDatabase,
  checkStored,
  driveWriteLoad,
  type Acknowledged,
} from '../cli/write-load.js';
import { createTestApp, signIn as signInWith, TestClient } from '../testing/harness.js';
import { backupDatabase, pgDumpInvocation } from './backup.js';
import {
  describeOnPostgres,
  describeOnSqlite,
  openTestDatabase,
  scratchFolder,
} from '../testing/test-database.js';

const folder = scratchFolder('folio-backup-');
const WRITES_WAIT = { timeout: 20_000, interval: 50 };

/**
 * Registers a member on the running server, starts 8 writers, takes the backup once writes are acknowledged, lets the
 * writers go on for 0.5 s (a backup must neither hold them up nor tear), and answers what was
 * acknowledged before the backup began. The load's checks are the same for both engines.
 */
async function backupUnderWriters<T>(
  url: string,
  email: string,
  takeBackup: () => Promise<T>,
): Promise<{ before: Acknowledged; backup: T }> {
  const member = await register(url, email, 'backup-password-1');
  const stop = new AbortController();
  const acknowledged: Acknowledged = new Map();
  const load = driveWriteLoad({
    url,
    member,
    clients: 8,
    seconds: 30,
    signal: stop.signal,
    acknowledged,
  });
  // Some writes acknowledged first (on a busy machine the first ones can take seconds).
  await vi.waitFor(() => expect(acknowledged.size).toBeGreaterThan(5), WRITES_WAIT);
  const before = new Map(acknowledged);
  const backup = await takeBackup();
  await new Promise((resolve) => setTimeout(resolve, 500));
  stop.abort();
  const { tally } = await load;
  expect(tally.serverErrors).toBe(0);
  expect(before.size).toBeGreaterThan(5);
  expect(tally.created).toBeGreaterThan(before.size);
  return { before, backup };
}

// Server processes on a SQLite file; the same under FOLIO_TEST_DB=postgres would only repeat it.
describeOnSqlite('db:backup on SQLite', () => {
  it('a backup taken under 8 writers restores whole, with every write acknowledged before it began', async () => {
    const file = path.join(folder, 'live.db');
    const server = await startServer({ DATABASE_URL: file });
    let before: Acknowledged = new Map();
    const backup = path.join(folder, 'backup.db');
    try {
      const taken = await backupUnderWriters(server.url, 'backup@example.com', () =>
        backupDatabase({ dialect: 'sqlite', path: file }, backup),
      );
      before = taken.before;
      expect(taken.backup.integrity).toBe('ok');
    } finally {
      await server.stop();
    }

    // Restore: with Folio stopped, the backup becomes the database file.
    const restored = path.join(folder, 'restored.db');
    copyFileSync(backup, restored);
    expect(checkDatabase(restored, before)).toMatchObject({
      integrity: 'ok',
      searchIndex: 'ok',
      countMatches: true,
      missing: [],
      wrongValues: [],
    });
    // Folio opens it and its member signs in with the password they had.
    const { app, db } = await createTestApp({ database: { dialect: 'sqlite', path: restored } });
    try {
      const response = await signInWith(
        new TestClient(app),
        'backup@example.com',
        'backup-password-1',
      );
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/customers');
    } finally {
      await db.destroy();
    }
  }, 60_000);

  it('refuses to overwrite an existing file', async () => {
    const file = path.join(folder, 'exists.db');
    copyFileSync(path.join(folder, 'backup.db'), file);
    await expect(backupDatabase({ dialect: 'sqlite', path: file }, file)).rejects.toThrow(
      /already exists/,
    );
  });
});

describeOnPostgres('db:backup on PostgreSQL, under writers', () => {
  it('pg_dump under 8 writers; pg_restore into an empty database holds every write acknowledged before it', async () => {
    const live = await openTestDatabase();
    const server = await startServer({
      DATABASE_URL: live.config.dialect === 'postgres' ? live.config.url : '',
    });
    const dump = path.join(folder, 'live.dump');
    let before: Acknowledged = new Map();
    try {
      ({ before } = await backupUnderWriters(server.url, 'pgbackup@example.com', () =>
        backupDatabase(live.config, dump),
      ));
    } finally {
      await server.stop();
    }

    // Restore as the README says: pg_restore into a new, empty database.
    const restored = await openTestDatabase({ migrated: false });
    const url = restored.config.dialect === 'postgres' ? restored.config.url : '';
    const result = spawnSync(
      'pg_restore',
      ['--no-owner', '--exit-on-error', `--dbname=${url}`, dump],
      {
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(await checkStored(restored.db, before)).toMatchObject({
      countMatches: true,
      missing: [],
      wrongValues: [],
    });
    const { app } = await createTestApp({ database: restored.config });
    const response = await signInWith(
      new TestClient(app),
      'pgbackup@example.com',
      'backup-password-1',
    );
    expect(response.status).toBe(303);
  }, 60_000);
});

describe('db:backup on PostgreSQL', () => {
  it('says what to install when pg_dump is not on PATH, and leaves no file behind', async () => {
    const file = path.join(folder, 'pg.dump');
    const saved = process.env.PATH;
    process.env.PATH = folder;
    try {
      await expect(
        backupDatabase(
          { dialect: 'postgres', url: 'postgres://folio:secret@127.0.0.1:9/folio', poolMax: 1 },
          file,
        ),
      ).rejects.toThrow(/pg_dump is not on PATH: install the PostgreSQL client tools/);
    } finally {
      process.env.PATH = saved;
    }
    expect(existsSync(file) || existsSync(`${file}.partial`)).toBe(false);
  });

  it('passes the password to pg_dump in its environment, not on its command line', () => {
    const { args, env } = pgDumpInvocation(
      'postgres://folio:s%40cret@db.example:5433/folio?sslmode=require',
      'x.dump',
    );
    expect(args.join(' ')).not.toContain('cret');
    expect(args).toContain('--dbname=postgres://folio@db.example:5433/folio?sslmode=require');
    expect(env).toEqual({ PGPASSWORD: 's@cret' });
  });
});
