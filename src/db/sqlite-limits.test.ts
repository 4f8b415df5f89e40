// LIMITs written into SQLite's statements (sqlite-limits.ts): the same rows, the same statement but
// for the integer in place of its `?`, and the other parameters where they were.
import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeOnSqlite, openTestDatabase } from '../testing/test-database.js';
import { WaitingSqliteDialect } from './sqlite-waiting.js';
import type { Database } from './tables.js';
import { compiledOnce } from './compiled.js';
import { writeTransaction, type DB } from './database.js';
import { limitPlaceholders, limitsWritten } from './sqlite-limits.js';

const query = (text: string, parameters: unknown[]) => ({ sql: text, parameters });

describe('LIMITs written into SQLite statements', () => {
  it('writes an integer LIMIT in place of its placeholder and keeps the other parameters in order', () => {
    const written = limitsWritten(
      query('select "a" from "t" where "b" = ? order by "a" limit ? offset ?', [5, 21, 40]),
    );
    expect(written.sql).toBe('select "a" from "t" where "b" = ? order by "a" limit 21 offset ?');
    expect(written.parameters).toEqual([5, 40]);
  });

  it('finds a LIMIT in a subquery, in any case and spacing, and a bigint one', () => {
    const written = limitsWritten(
      query(
        'delete from "t" where "id" in (select "id" from "t" where "x" < ? LIMIT\n?) and "y" = ?',
        [3, 10n, 'y'],
      ),
    );
    expect(written.sql).toBe(
      'delete from "t" where "id" in (select "id" from "t" where "x" < ? LIMIT\n10) and "y" = ?',
    );
    expect(written.parameters).toEqual([3, 'y']);
  });

  it('counts no ? inside strings, quoted names or comments, and takes only the word LIMIT before one', () => {
    const text = `select '?', 'it''s ?', "odd ? name", [a?] from "t" -- limit ?
      where "rate_limit" = ? /* limit ? */ and x = ? limit /* at most */ ?`;
    expect(limitPlaceholders(text)).toEqual([{ parameter: 2, offset: text.lastIndexOf('?') }]);
    const written = limitsWritten(query(text, ['r', 'x', 7]));
    expect(written.sql.endsWith('and x = ? limit /* at most */ 7')).toBe(true);
    expect(written.parameters).toEqual(['r', 'x']);
    // A word that ends in "limit", a comment that ends in it, a quoted name "limit": none is LIMIT.
    expect(limitPlaceholders('select a from t where rate_limit ?')).toEqual([]);
    expect(limitPlaceholders('select a from t where b = -- no limit\n?')).toEqual([]);
    expect(limitPlaceholders('select "limit" ? from t')).toEqual([]);
  });

  it('writes in the integers (zero and -1 too) and leaves anything else bound, in one statement', () => {
    const text =
      'select * from (select a from t limit ?) union all select * from (select b from u limit ?) limit ?';
    const written = limitsWritten(query(text, [0, 'ten', -1]));
    expect(written.sql).toBe(
      'select * from (select a from t limit 0) union all select * from (select b from u limit ?) limit -1',
    );
    expect(written.parameters).toEqual(['ten']);
    for (const value of [null, 1.5, '21', Number.MAX_SAFE_INTEGER + 2, 2n ** 63n, -(2n ** 63n)]) {
      const original = query('select 1 limit ?', [value]);
      expect(limitsWritten(original)).toBe(original);
    }
    expect(limitsWritten(query('select 1 limit ?', [2n ** 63n - 1n])).sql).toBe(
      'select 1 limit 9223372036854775807',
    );
  });

  it('leaves a statement that numbers or names its parameters alone', () => {
    for (const text of [
      'select ?1 limit ?2',
      'select :a limit ?',
      'select @a limit ?',
      'select $1 limit ?',
      'select #a limit ?',
      'select 1 limit 5',
    ])
      expect(limitPlaceholders(text)).toEqual([]);
  });
});

describeOnSqlite('the SQLite driver', () => {
  it('prepares statements with their LIMITs written in, outside a transaction and in one', async () => {
    const sqlite = new SQLite(':memory:');
    const prepared: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = (source: string) => {
      prepared.push(source);
      return prepare(source);
    };
    const db = new Kysely<Database>({ dialect: new WaitingSqliteDialect(() => ({ sqlite })) });
    try {
      await sql`create table workspaces (id integer primary key, name text)`.execute(db);
      await db.selectFrom('workspaces').select('id').where('name', '=', 'a').limit(3).execute();
      await db
        .transaction()
        .execute((trx) => trx.selectFrom('workspaces').select('id').limit(4).execute());
      expect(prepared.filter((text) => /limit/.test(text))).toEqual([
        'select "id" from "workspaces" where "name" = ? limit 3',
        'select "id" from "workspaces" limit 4',
      ]);
    } finally {
      await db.destroy();
    }
  });
});

describe('a LIMIT on either engine', () => {
  it('gives the same rows built or compiled once, each LIMIT its own, in a read and in a write', async () => {
    const { db } = await openTestDatabase();
    const names = Array.from(
      { length: 30 },
      (_, i) => `Workspace ${String(i + 1).padStart(2, '0')}`,
    );
    await db
      .insertInto('workspaces')
      .values(names.map((name) => ({ name, created_at: '2026-11-26T00:00:00.000Z' })))
      .execute();
    const after = (name: string, count: number) =>
      db
        .selectFrom('workspaces')
        .select('name')
        .where('name', '>', name)
        .orderBy('name')
        .limit(count);
    expect(await after('Workspace 02', 3).execute()).toEqual(
      names.slice(2, 5).map((name) => ({ name })),
    );
    // One statement compiled once, run with two LIMITs: each gets its own rows.
    const compiled = compiledOnce((trx: DB, name: string, count: number) =>
      trx
        .selectFrom('workspaces')
        .select('name')
        .where('name', '>', name)
        .orderBy('name')
        .limit(count),
    );
    expect(await compiled(db, 'Workspace 10', 2)).toEqual(
      names.slice(10, 12).map((name) => ({ name })),
    );
    expect(await compiled(db, 'Workspace 20', 4)).toEqual(
      names.slice(20, 24).map((name) => ({ name })),
    );
    expect(await compiled(db, 'Workspace 10', 2)).toEqual(
      names.slice(10, 12).map((name) => ({ name })),
    );
    // In a transaction (Kysely's own connection on SQLite): a LIMIT inside a DELETE's subquery.
    await writeTransaction(db, (trx) =>
      trx
        .deleteFrom('workspaces')
        .where('id', 'in', (eb) =>
          eb.selectFrom('workspaces').select('id').orderBy('name').limit(5),
        )
        .execute(),
    );
    expect(await after('', 1).execute()).toEqual([{ name: 'Workspace 06' }]);
  });
});
