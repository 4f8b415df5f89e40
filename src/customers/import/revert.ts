// Reverting an import, as a background job: customers the import created are deleted (softly:
// restorable from the trash), values it overwrote are put back, each with its history event; a
// customer edited since the import (a later version than the import left) is left alone and listed.
import type { DB } from '../../db/database.js';
import type { Import } from '../../db/tables.js';
import type { JobHandler } from '../../jobs/runner.js';
import { changesBetween } from '../history/record.js';
import { withKeys } from '../keys.js';
import { CUSTOMER_FIELDS, valuesOf, type CustomerValues } from '../schema.js';
import { finish, markFailed, readImport, type Payload } from './job.js';
import { nextRows } from './queries.js';

type StagedRow = Awaited<ReturnType<typeof nextRows>>[number];

/** One imported row undone, or left alone: 'reverted' or 'kept'. */
async function revertRow(
  trx: DB,
  imp: Import,
  row: StagedRow,
  actorId: number,
  at: string,
): Promise<'reverted' | 'kept'> {
  const customer = await trx
    .selectFrom('customers')
    .select(['id', 'version', ...CUSTOMER_FIELDS])
    .where('id', '=', row.customer_id!)
    .where('workspace_id', '=', imp.workspace_id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  // Gone already (someone deleted it) counts as reverted; a later version is someone's edit.
  if (!customer) return 'reverted';
  if (customer.version !== row.version_after) return 'kept';
  const event = {
    workspace_id: imp.workspace_id,
    customer_id: customer.id,
    occurred_at: at,
    actor_id: actorId,
    details: JSON.stringify({ revertedImport: imp.id }),
  };
  if (row.outcome === 'created') {
    await trx
      .updateTable('customers')
      .set({ deleted_at: at, deleted_by: actorId, updated_at: at, updated_by: actorId })
      .where('id', '=', customer.id)
      .execute();
    await trx
      .insertInto('customer_events')
      .values({ ...event, kind: 'deleted' })
      .execute();
    return 'reverted';
  }
  const values = { ...valuesOf(customer), ...(JSON.parse(row.before!) as CustomerValues) };
  await trx
    .updateTable('customers')
    .set({
      ...withKeys(values),
      updated_at: at,
      touched_at: at,
      updated_by: actorId,
      version: customer.version + 1,
    })
    .where('id', '=', customer.id)
    .execute();
  const changes = JSON.stringify(changesBetween(valuesOf(customer), values));
  await trx
    .insertInto('customer_events')
    .values({ ...event, kind: 'changed', changes })
    .execute();
  return 'reverted';
}

export const revertJob: JobHandler<Payload, number> = {
  async batch(trx, job, limit) {
    const position = job.position ?? 0;
    const imp = await readImport(trx, job.payload.importId);
    if (imp?.state !== 'reverting') return { position, done: true };
    const rows = await nextRows(trx, imp.id, position, limit);
    const at = new Date(job.now).toISOString();
    let kept = 0;
    for (const row of rows) {
      if (row.outcome !== 'created' && row.outcome !== 'updated') continue;
      const outcome = await revertRow(trx, imp, row, job.payload.actorId, at);
      if (outcome === 'kept') kept += 1;
      await trx
        .updateTable('import_rows')
        .set({ revert_outcome: outcome })
        .where('import_id', '=', imp.id)
        .where('row_number', '=', row.row_number)
        .execute();
    }
    if (kept > 0)
      await trx
        .updateTable('imports')
        .set((eb) => ({ revert_kept: eb('revert_kept', '+', kept) }))
        .where('id', '=', imp.id)
        .execute();
    const done = rows.length < limit;
    if (done) await finish(trx, imp, 'reverted', job.now);
    return { position: rows.at(-1)?.row_number ?? position, done };
  },
  failed: markFailed,
};
