// Folio under concurrent writers, and killed mid-write: no 5xx, no SQLITE_BUSY, and every write the
// server acknowledged is in the file afterwards, which passes SQLite's own integrity checks.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it, vi } from 'vitest';
import { describeOnSqlite, scratchFolder } from '../testing/test-database.js';
import { register } from './http-client.js';
import { startServer } from './server-process.js';
import { checkDatabase, driveWriteLoad, type Acknowledged } from './write-load.js';

const folder = scratchFolder('folio-write-load-');

/** A process's children (Linux's /proc, as below). */
function childrenOf(pid: number): number[] {
  const listed = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
  return listed.split(' ').filter(Boolean).map(Number);
}

/** How many SQLite connections a process has to a database file: each opens the file once. */
function connectionsTo(file: string, pid: number): number {
  const fds = fs.readdirSync(`/proc/${pid}/fd`);
  const target = fs.realpathSync(file);
  return fds.filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === target;
    } catch {
      return false; // closed meanwhile
    }
  }).length;
}

// The server processes here run on a SQLite file and check it with SQLite's own integrity checks.
describeOnSqlite('write load', () => {
  it('16 concurrent writers for 3 s: no 5xx, nothing acknowledged is lost, the file is intact', async () => {
    const file = path.join(folder, 'stress.db');
    const server = await startServer({ DATABASE_URL: file });
    try {
      const member = await register(server.url, 'stress@example.com', 'stress-password-1');
      const { tally, acknowledged } = await driveWriteLoad({
        url: server.url,
        member,
        clients: 16,
        seconds: 3,
      });
      await server.stop();
      expect(tally.samples).toEqual([]);
      expect({
        serverErrors: tally.serverErrors,
        clientErrors: tally.clientErrors,
        networkErrors: tally.networkErrors,
      }).toEqual({
        serverErrors: 0,
        clientErrors: 0,
        networkErrors: 0,
      });
      // Enough writes to have overlapped, even on a loaded machine (this checks safety, not speed).
      expect(tally.created).toBeGreaterThan(10);
      expect(tally.edited).toBeGreaterThan(5);
      const check = checkDatabase(file, acknowledged);
      expect(check).toMatchObject({
        integrity: 'ok',
        searchIndex: 'ok',
        countMatches: true,
        missing: [],
        wrongValues: [],
      });
      expect(check.customers).toBe(tally.created);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('two server processes on one file (WEB_CONCURRENCY=2): no SQLITE_BUSY reaches anyone, nothing is lost', async () => {
    const file = path.join(folder, 'workers.db');
    const server = await startServer({ DATABASE_URL: file, WEB_CONCURRENCY: '2' });
    try {
      const member = await register(server.url, 'workers@example.com', 'workers-password-1');
      const { tally, acknowledged } = await driveWriteLoad({
        url: server.url,
        member,
        clients: 16,
        seconds: 3,
      });
      // One checkpointer for the file, the primary's (it has its own connection): each request
      // worker has its one connection. A checkpointer per worker RESTARTed against the others.
      if (process.platform === 'linux') {
        const workers = childrenOf(server.child.pid!);
        expect(workers).toHaveLength(2);
        expect(workers.map((pid) => connectionsTo(file, pid))).toEqual([1, 1]);
        expect(connectionsTo(file, server.child.pid!)).toBeGreaterThanOrEqual(2);
      }
      await server.stop();
      expect(tally.samples).toEqual([]);
      expect(tally.serverErrors + tally.clientErrors + tally.networkErrors).toBe(0);
      expect(tally.edited).toBeGreaterThan(20);
      expect(checkDatabase(file, acknowledged)).toMatchObject({
        integrity: 'ok',
        searchIndex: 'ok',
        countMatches: true,
        missing: [],
        wrongValues: [],
      });
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('killed with SIGKILL mid-load, then restarted: every acknowledged write survives', async () => {
    const file = path.join(folder, 'crash.db');
    const first = await startServer({ DATABASE_URL: file });
    const member = await register(first.url, 'crash@example.com', 'crash-password-1');
    const stop = new AbortController();
    const acknowledged: Acknowledged = new Map();
    const load = driveWriteLoad({
      url: first.url,
      member,
      clients: 8,
      seconds: 30,
      signal: stop.signal,
      acknowledged,
    });
    // Killed once writes are acknowledged (on a busy machine the first ones can take seconds).
    await vi.waitFor(() => expect(acknowledged.size).toBeGreaterThan(10), {
      timeout: 20_000,
      interval: 50,
    });
    await first.kill();
    stop.abort();
    const { tally } = await load;
    expect(tally.serverErrors).toBe(0);
    expect(tally.created).toBeGreaterThan(10);

    // The restart runs recovery (WAL replay) and must serve again on the same file.
    const second = await startServer({ DATABASE_URL: file });
    try {
      const health = await fetch(`${second.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await second.stop();
    }
    const check = checkDatabase(file, acknowledged);
    expect(check).toMatchObject({
      integrity: 'ok',
      searchIndex: 'ok',
      countMatches: true,
      missing: [],
      wrongValues: [],
    });
  }, 60_000);
});
