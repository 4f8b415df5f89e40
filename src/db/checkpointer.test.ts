// A file database's WAL is copied back by the checkpoint worker, not inside a COMMIT, and the
// database still closes cleanly (the last connection to close removes the WAL).
import { existsSync, readdirSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { parseDatabaseUrl } from '../config.js';
import { describeOnSqlite, scratchFolder } from '../testing/test-database.js';
import { startCheckpointer } from './checkpointer.js';
import { openDatabase } from './database.js';

const folder = scratchFolder('folio-checkpoint-');

const walBytes = (file: string) => statSync(`${file}-wal`).size;

async function until(done: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;)
    if (done()) return true;
    else await new Promise((resolve) => setTimeout(resolve, 50));
  return done();
}

describeOnSqlite('WAL checkpoints of a file database', () => {
  it('run on the worker after the writes, and the database closes leaving no WAL behind', async () => {
    const file = path.join(folder, 'book.db');
    const db = openDatabase(parseDatabaseUrl(file));
    const { rows } = await sql<{
      wal_autocheckpoint: number;
    }>`PRAGMA wal_autocheckpoint`.execute(db);
    expect(rows[0]?.wal_autocheckpoint).toBe(0);

    await sql`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`.execute(db);
    // About 500 pages of 4 KiB: a commit this size is where an automatic checkpoint would start.
    await sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
      INSERT INTO notes (body) SELECT printf('%.1000c', 'x') FROM n`.execute(db);
    expect(walBytes(file)).toBeGreaterThan(2_000_000);

    // The worker copies the pages into the file, and once the writes stop it empties the WAL.
    expect(await until(() => walBytes(file) === 0, 5000)).toBe(true);
    const { rows: count } = await sql<{ n: number }>`SELECT count(*) AS n FROM notes`.execute(db);
    expect(count[0]?.n).toBe(2000);

    await db.destroy();
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
  }, 10_000);

  it('checkpoints soon after each commit and not while nothing is committed; the WAL is emptied only once commits stop', async () => {
    const file = path.join(folder, 'pace.db');
    const writer = new SQLite(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const write = () =>
      writer.prepare("INSERT INTO notes (body) VALUES (printf('%.5000c', 'x'))").run();
    write();
    const seen: { log: number; checkpointed: number }[] = [];
    const checkpointer = startCheckpointer(file, {
      everyMs: 20,
      quietMs: 60_000,
      onCheckpoint: (pages) => seen.push(pages),
    });
    try {
      expect(await until(() => seen.length === 1, 5000)).toBe(true);
      expect(seen[0]!.log).toBeGreaterThan(0);
      expect(seen[0]!.checkpointed).toBe(seen[0]!.log);
      // Fifteen looks at the database and no commit: no checkpoint.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen).toHaveLength(1);
      write();
      // This wait has failed three times in full runs of the suite (the cause is not known yet): the
      // message says what the worker had reported and what the WAL held, for whoever meets it next.
      const reported = await until(() => seen.length === 2, 5000);
      expect(reported, JSON.stringify({ seen, walBytes: walBytes(file) })).toBe(true);
      // Commits stopped less than a minute ago: the WAL keeps its pages.
      expect(walBytes(file)).toBeGreaterThan(0);
    } finally {
      await checkpointer.stop();
      writer.close();
    }
  });

  // Kysely closes only a database it has used: one opened up front and never queried kept its
  // connection and its worker, which went on writing the WAL into a folder being removed.
  it('a database never queried opens nothing, so closing it leaves nothing running or behind', async () => {
    const unused = path.join(folder, 'unused');
    const db = openDatabase(parseDatabaseUrl(path.join(unused, 'book.db')));
    await db.destroy();
    expect(existsSync(unused)).toBe(false);
  });

  it('a file that is not a database: the query fails with what SQLite says, and no handle stays open', async () => {
    const file = path.join(folder, 'notes.txt');
    writeFileSync(file, 'these are not the pages of a database '.repeat(200));
    // Linux lists a process's open files in /proc/self/fd.
    const handles = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
        } catch {
          return false;
        }
      }).length;
    const db = openDatabase(parseDatabaseUrl(file));
    await expect(sql`SELECT 1`.execute(db)).rejects.toThrow(/not a database/);
    await expect(sql`SELECT 1`.execute(db)).rejects.toThrow(/not a database/);
    expect(handles()).toBe(0);
    await db.destroy();
  });
});
