// Two more ways into customer_events, each holding only the rows it serves:
// - by note: a note's timeline entry (the answer to every note write with htmx) and a note's delete
//   (it cascades to its event) read it by note_id, or they would read the table whole;
// - a customer's changes alone: the newest one (every record page) and those after an event (restore
//   a version) skip the note events between them, however many notes the customer has.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('customer_events_note')
    .on('customer_events')
    .column('note_id')
    .where(sql.ref('note_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('customer_events_changes')
    .on('customer_events')
    .columns(['customer_id', 'id'])
    .where(sql.ref('changes'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('customer_events_changes').execute();
  await db.schema.dropIndex('customer_events_note').execute();
}
