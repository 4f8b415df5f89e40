// Statements over many rows run in pieces of a power of two rows, each piece's shape built once per
// engine and then run with each call's rows.
import { describe, expect, it } from 'vitest';
import { compiledForRows, pieceSizes } from './compiled.js';
import type { DB } from './database.js';
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

  it('refuses a statement with a value that is no row cell and no argument', async () => {
    const { db } = await openTestDatabase();
    const insert = compiledForRows(['name'], (trx: DB, rows: { name: string }[]) =>
      trx.insertInto('workspaces').values(rows.map((row) => ({ ...row, created_at: 'fixed' }))),
    );
    await expect(insert(db, [{ name: 'A' }])).rejects.toThrow(/no row's cell \(fixed\)/);
  });
});
