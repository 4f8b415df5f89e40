// A bulk action walks its selection in id order, a batch at a time. For "every customer" or the whole
// trash, no index led with (workspace, id): each batch read the workspace's customers through another
// index and sorted them, which at 100,000 customers made deleting them all take hours. These two hold
// a workspace's live and deleted customers by id, so each batch is one range of one index.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('customers_workspace_live_id')
    .on('customers')
    .columns(['workspace_id', 'id'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('customers_workspace_deleted_id')
    .on('customers')
    .columns(['workspace_id', 'id'])
    .where(sql.ref('deleted_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('customers_workspace_deleted_id').execute();
  await db.schema.dropIndex('customers_workspace_live_id').execute();
}
