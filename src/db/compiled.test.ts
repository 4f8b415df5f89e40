// Hot queries built once per engine, their transactions included, then run with each call's values;
// statements over many rows run in pieces of a power of two rows, each piece's shape built once.
import { describe, expect, it } from 'vitest';
import { compiledForRows, compiledOnce, pieceSizes } from './compiled.js';
import { writeTransaction, type DB } from './database.js';
import { openTestDatabase } from '../testing/test-database.js';

describe('pieceSizes', () => {
  it('splits a count into powers of two, largest first, at most 256', () => {
    expect(pieceSizes(0)).toEqual([]);
    expect(pieceSizes(1)).toEqual([1]);
    expect(pieceSizes(60)).toEqual([32, 16, 8, 4]);
    expect(pieceSizes(600)).toEqual([256, 256, 64, 16, 8]);
  });
});

describe('compiledForRows', () => {
  const named = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({
      name: `Workspace ${from + i}`,
      created_at: '2026-11-26T00:00:00.000Z',
    }));

  it('inserts every row, returns them in order, and builds each piece size once', async () => {
    const { db } = await openTestDatabase();
    const built: number[] = [];
    const insert = compiledForRows(
      ['name', 'created_at'],
      (trx: DB, rows: { name: string; created_at: string }[], suffix: string) => {
        built.push(rows.length);
        return trx
          .insertInto('workspaces')
          .values(rows)
          .returning((eb) => [
            'id',
            eb.fn<string>('concat', ['name', eb.cast(eb.val(suffix), 'text')]).as('named'),
          ]);
      },
    );
    const first = await insert(db, named(0, 60), '!');
    expect(first.map((row) => row.named)).toEqual(named(0, 60).map((row) => `${row.name}!`));
    expect(built).toEqual([32, 16, 8, 4]);
    // The same sizes again, and a transaction (a Kysely instance of its own): nothing built anew.
    await db.transaction().execute((trx) => insert(trx, named(60, 44), '?'));
    expect(built).toEqual([32, 16, 8, 4]);
    const stored = await db.selectFrom('workspaces').select('name').orderBy('id').execute();
    expect(stored.map((row) => row.name)).toEqual(
      [...named(0, 60), ...named(60, 44)].map((row) => row.name),
    );
    expect(await insert(db, [], '!')).toEqual([]);
  });

  it('with pieces of the whole count: one statement a call, each count built once, the oldest of too many built again', async () => {
    const { db } = await openTestDatabase();
    const built: number[] = [];
    const insert = compiledForRows(
      ['name', 'created_at'],
      (trx: DB, rows: { name: string; created_at: string }[]) => {
        built.push(rows.length);
        return trx.insertInto('workspaces').values(rows).returning('name');
      },
      { pieces: (count) => [count] },
    );
    expect((await insert(db, named(0, 60))).map((row) => row.name)).toEqual(
      named(0, 60).map((row) => row.name),
    );
    await insert(db, named(60, 3));
    await insert(db, named(63, 60));
    expect(built).toEqual([60, 3]);
    // 64 shapes are kept: 64 more counts push out 60 and 3, which are then built again.
    let from = 100;
    for (let count = 4; count < 68; count += 1) {
      await insert(db, named(from, count));
      from += count;
    }
    built.length = 0;
    await insert(db, named(from, 60));
    await insert(db, named(from + 60, 67));
    expect(built).toEqual([60]);
  });

  it('refuses a statement with a value that is no row cell and no argument', async () => {
    const { db } = await openTestDatabase();
    const insert = compiledForRows(['name'], (trx: DB, rows: { name: string }[]) =>
      trx.insertInto('workspaces').values(rows.map((row) => ({ ...row, created_at: 'fixed' }))),
    );
    await expect(insert(db, [{ name: 'A' }])).rejects.toThrow(/no row's cell \(fixed\)/);
  });
});

describe('compiledOnce', () => {
  it('builds a query once for a database and its transactions, and runs it with each call’s values', async () => {
    const { db } = await openTestDatabase();
    let builds = 0;
    const named = compiledOnce((base: DB, name: string) => {
      builds += 1;
      return base.selectFrom('workspaces').select('name').where('name', '=', name);
    });
    await db
      .insertInto('workspaces')
      .values(['Alpha', 'Beta'].map((name) => ({ name, created_at: '2026-01-01T00:00:00.000Z' })))
      .execute();

    expect(await named(db, 'Alpha')).toEqual([{ name: 'Alpha' }]);
    for (const name of ['Beta', 'Gamma'])
      expect(await writeTransaction(db, (trx) => named(trx, name))).toEqual(
        name === 'Beta' ? [{ name }] : [],
      );
    expect(await db.transaction().execute((trx) => named(trx, 'Alpha'))).toEqual([
      { name: 'Alpha' },
    ]);
    expect(builds).toBe(1);

    // Another database compiles its own.
    const other = (await openTestDatabase()).db;
    expect(await named(other, 'Alpha')).toEqual([]);
    expect(builds).toBe(2);
  });
});
