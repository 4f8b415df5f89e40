// Bulk loading of customers (demo data, imports): many rows per statement, one transaction per batch.
import { writeOnlyTransaction, type DB } from '../db/database.js';
import type { CustomerValues } from './schema.js';
import { withKeys } from './keys.js';

/** A customer as loaded in bulk: the form's fields and when they were added. */
export type CustomerFields = CustomerValues & { created_at: string };

// 18 columns a row keeps one statement under SQLite's 32,766 bound-parameter limit.
const ROWS_PER_STATEMENT = 1_000;

export async function insertCustomers(
  db: DB,
  workspaceId: number,
  userId: number,
  rows: CustomerFields[],
): Promise<void> {
  // It writes without reading first: on SQLite, BEGIN IMMEDIATE waits its turn for the lock. With a
  // deferred BEGIN, an end-to-end test's insert beside the server failed after 0.4 s, "database is
  // locked", which a write inside a transaction cannot wait out.
  await writeOnlyTransaction(db, async (trx) => {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const values = rows.slice(i, i + ROWS_PER_STATEMENT).map((row) => ({
        ...withKeys(row),
        workspace_id: workspaceId,
        updated_at: row.created_at,
        touched_at: row.created_at,
        created_by: userId,
        updated_by: userId,
      }));
      await trx.insertInto('customers').values(values).execute();
    }
  });
}
