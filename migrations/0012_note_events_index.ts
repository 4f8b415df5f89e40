// A note's timeline entry is found by its note (the answer to every note write with htmx), and a
// note's delete cascades to its event: both read customer_events by note_id, which needs its own
// index or they read the table whole. Only note events have one, so the index holds just those.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('customer_events_note')
    .on('customer_events')
    .column('note_id')
    .where(sql.ref('note_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('customer_events_note').execute();
}
