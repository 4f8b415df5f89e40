// A plain SELECT on SQLite reads raw rows and builds their objects itself (sqlite-waiting.ts): the
// objects must be exactly those better-sqlite3 would have built.
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeOnSqlite } from '../testing/test-database.js';
import { openDatabase } from './database.js';

describeOnSqlite('rows of a plain SELECT', () => {
  it('have the keys better-sqlite3 gives, in its order, a repeated name keeping its last value', async () => {
    const db = openDatabase({ dialect: 'sqlite', path: ':memory:' });
    try {
      const select = db.selectNoFrom(sql`1`.as('one')).compile();
      const text = `SELECT 1 AS a, 'x' AS "b c", NULL AS "__proto__x", 2.5 AS a, x'00ff' AS e`;
      for (let run = 0; run < 2; run += 1) {
        const { rows } = await db.executeQuery({ ...select, sql: text });
        const direct = new SQLite(':memory:').prepare(text).all() as object[];
        expect(rows).toEqual(direct);
        expect(Object.keys(rows[0]!)).toEqual(['a', 'b c', '__proto__x', 'e']);
        expect(rows[0]).toEqual({ a: 2.5, 'b c': 'x', __proto__x: null, e: Buffer.from([0, 255]) });
      }
      // A column named __proto__ cannot be a key of an object literal: read as better-sqlite3 reads it.
      const odd = `SELECT 1 AS "__proto__", 2 AS b`;
      const { rows } = await db.executeQuery({ ...select, sql: odd });
      expect(rows).toEqual(new SQLite(':memory:').prepare(odd).all());
    } finally {
      await db.destroy();
    }
  });
});
