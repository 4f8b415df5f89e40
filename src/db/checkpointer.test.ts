// A file database's WAL is copied back by the checkpoint worker, not inside a COMMIT, and the
// database still closes cleanly (the last connection to close removes the WAL).
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { expect, it, vi } from 'vitest';
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

/** A connection of its own that writes to a WAL file nobody else checkpoints: a note of ~5 KB a commit. */
function walWriter(file: string) {
  const writer = new SQLite(file);
  writer.pragma('journal_mode = WAL');
  writer.pragma('wal_autocheckpoint = 0');
  writer.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = writer.prepare("INSERT INTO notes (body) VALUES (printf('%.5000c', 'x'))");
  return { writer, write: () => insert.run() };
}

describeOnSqlite('WAL checkpoints of a file database', () => {
  it("past restartPages, its RESTART takes a turn: after the job thread's write in progress, the others' after it", async () => {
    const file = path.join(folder, 'turns.db');
    const { writer, write } = walWriter(file);
    write();
    // The process's write turns (write-turns.ts): the job thread is in a write transaction.
    const turns = new SharedArrayBuffer(12);
    const counters = new Int32Array(turns);
    const [jobWriting, checkpointing] = [1, 2];
    Atomics.store(counters, jobWriting, 1);
    const seen: { log: number; checkpointed: number }[] = [];
    const checkpointer = startCheckpointer(file, {
      everyMs: 20,
      quietMs: 60_000,
      restartPages: 1,
      turns,
      giveWayMs: 20_000,
      onCheckpoint: (pages) => seen.push(pages),
    });
    try {
      // It says it wants the lock (the job's next write and the others wait) and waits for the job's.
      expect(await until(() => Atomics.load(counters, checkpointing) === 1, 5000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toEqual([]);
      // The job's write ends: the RESTART runs, and its flag is down.
      Atomics.store(counters, jobWriting, 0);
      Atomics.notify(counters, jobWriting);
      expect(await until(() => seen.length === 1, 5000)).toBe(true);
      expect(seen[0]!.checkpointed).toBe(seen[0]!.log);
      expect(Atomics.load(counters, checkpointing)).toBe(0);
    } finally {
      // A failed expectation must not leave the worker waiting for 20 s.
      Atomics.store(counters, jobWriting, 0);
      Atomics.notify(counters, jobWriting);
      await checkpointer.stop();
      writer.close();
    }
  }, 20_000);

  it('a RESTART that readers keep busy is not tried again at every look, and a worker that ends clears its flag', async () => {
    const file = path.join(folder, 'busy.db');
    const { writer, write } = walWriter(file);
    write();
    // A reader on the WAL that stays: it began after the first commit, and holds its snapshot.
    const reader = new SQLite(file);
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM notes').get();
    const turns = new SharedArrayBuffer(12);
    const counters = new Int32Array(turns);
    // Each RESTART raises the flag while it waits for the reader: count them by watching it.
    let restarts = 0;
    let raised = false;
    const watch = setInterval(() => {
      const now = Atomics.load(counters, 2) === 1;
      if (now && !raised) restarts += 1;
      raised = now;
    }, 1);
    let looks = 0;
    const checkpointer = startCheckpointer(file, {
      everyMs: 20,
      quietMs: 60_000,
      restartPages: 1,
      turns,
      onCheckpoint: () => (looks += 1),
    });
    try {
      // Its first look (once the worker has started, which can take a while on a busy machine)
      // tries a RESTART, which the reader keeps busy.
      expect(await until(() => looks >= 1, 10_000)).toBe(true);
      expect(restarts).toBe(1);
      // Then 600 ms of commits, each seen by a look (PASSIVE), and no RESTART tried for a second.
      for (const end = Date.now() + 600; Date.now() < end;) {
        write();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(looks).toBeGreaterThan(5);
      // Tried at every look it would be about one every 70 ms (a look, 50 ms of busy timeout).
      expect(restarts).toBeLessThanOrEqual(2);
    } finally {
      clearInterval(watch);
      reader.exec('COMMIT');
      reader.close();
    }
    // A worker that ends while its flag is up (killed mid-RESTART): stop() clears it on exit.
    Atomics.store(counters, 2, 1);
    await checkpointer.stop();
    expect(Atomics.load(counters, 2)).toBe(0);
    writer.close();
  }, 20_000);

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
    const { writer, write } = walWriter(file);
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
      // A commit onto a WAL checkpointed to its end starts the WAL over, and writes the WAL's header
      // for that before its pages: a look between the two sees a change, and checkpoints nothing
      // ({ log: 0 }), and the commit is seen at the next look. So one commit can make two reports
      // (this test once waited for exactly two, and failed three times in full runs), and once a
      // full run saw two with the commit's 3 pages ({ log: 3 } twice): what holds is that every
      // checkpoint copies all the WAL holds, and that one with the commit's pages comes.
      const reported = await until(
        () =>
          seen.length > 1 && seen.at(-1)!.log > 0 && seen.at(-1)!.checkpointed === seen.at(-1)!.log,
        5000,
      );
      expect(reported, JSON.stringify({ seen, walBytes: walBytes(file) })).toBe(true);
      for (const report of seen) expect(report.checkpointed).toBe(report.log);
      // Commits stopped less than a minute ago: the WAL keeps its pages.
      expect(walBytes(file)).toBeGreaterThan(0);
    } finally {
      await checkpointer.stop();
      writer.close();
    }
  });

  // A checkpoint that threw (a full disk, say) ended the worker, and with wal_autocheckpoint off the
  // WAL then grew until the server restarted. The worker starts here on a file that does not read
  // as a database yet: every look fails, and is told once.
  it('a failing look is told once and tried again: checkpoints go on once the file reads, and that is told too', async () => {
    const file = path.join(folder, 'repaired.db');
    writeFileSync(file, 'these are not the pages of a database '.repeat(200));
    const told: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
      if (String(text).startsWith('folio: ')) told.push(String(text));
      return true;
    });
    const seen: { log: number; checkpointed: number }[] = [];
    const checkpointer = startCheckpointer(file, {
      everyMs: 20,
      quietMs: 60_000,
      onCheckpoint: (pages) => seen.push(pages),
    });
    let writer: SQLite.Database | undefined;
    try {
      expect(await until(() => told.length > 0, 5000)).toBe(true);
      // Ten looks more, all failing: still one message.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(told).toEqual([
        'folio: a WAL checkpoint failed (file is not a database); trying again\n',
      ]);

      // The same file (the worker's open handle) becomes a database in WAL mode, written over the
      // text in place (never empty in between: an empty file reads as an empty database), and a
      // commit follows.
      const good = path.join(folder, 'good.db');
      const maker = new SQLite(good);
      maker.pragma('journal_mode = WAL');
      maker.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
      maker.close();
      const handle = openSync(file, 'r+');
      writeSync(handle, readFileSync(good), 0, undefined, 0);
      closeSync(handle);
      writer = new SQLite(file);
      writer.pragma('wal_autocheckpoint = 0');
      writer.prepare("INSERT INTO notes (body) VALUES ('after the repair')").run();
      // The commit's pages checkpointed (a look before the commit may report an empty checkpoint).
      const checkpointed = () =>
        seen.some((pages) => pages.log > 0 && pages.checkpointed === pages.log);
      expect(await until(checkpointed, 5000)).toBe(true);
      expect(told).toHaveLength(2);
      expect(told[1]).toMatch(/^folio: WAL checkpoints work again \(after \d+ failed\)\n$/);
    } finally {
      stderr.mockRestore();
      await checkpointer.stop();
      writer?.close();
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
