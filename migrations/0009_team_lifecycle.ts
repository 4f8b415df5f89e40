// Getting back in, and a team's lifecycle: members are deactivated instead of deleted, one-time password
// reset links, and the team's append-only activity log.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = postgres ? 'serial' : 'integer';

  // A former member keeps their row (customers still point at it) but no longer holds their email:
  // only active accounts are unique by email, so the same person can join a team again later.
  await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();
  await db.schema.dropIndex('users_email_unique').execute();
  await db.schema
    .createIndex('users_email_unique')
    .on('users')
    .expression(sql`lower(email)`)
    .unique()
    .where(sql.ref('deactivated_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('id', id, (col) => (postgres ? col.primaryKey() : col.primaryKey().autoIncrement()))
    .addColumn('workspace_id', 'integer', (col) =>
      col.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (col) =>
      col.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    // null: made by an operator with `npm run user -- reset-password`.
    .addColumn('created_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('password_resets_user')
    .on('password_resets')
    .column('user_id')
    .execute();

  // actor_id and subject_id are plain numbers, not foreign keys: users are only ever deleted together
  // with their workspace, and an ON DELETE action here would be an UPDATE the log refuses.
  await db.schema
    .createTable('activity')
    .addColumn('id', id, (col) => (postgres ? col.primaryKey() : col.primaryKey().autoIncrement()))
    .addColumn('workspace_id', 'integer', (col) =>
      col.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('occurred_at', 'text', (col) => col.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('subject_id', 'integer')
    .addColumn('details', 'text')
    .execute();
  // Newest first, a page at a time: the id is the order entries were written in.
  await db.schema
    .createIndex('activity_workspace')
    .on('activity')
    .columns(['workspace_id', 'id'])
    .execute();

  await appendOnly(db, postgres);
}

/** The activity log refuses UPDATE and DELETE, except a delete that follows its workspace. */
async function appendOnly(db: Kysely<any>, postgres: boolean): Promise<void> {
  // Append-only: no entry is changed or taken back. Entries go only with their workspace (the cascade
  // runs after the workspace row is gone, so the guard lets it through).
  if (postgres) {
    await sql`CREATE FUNCTION activity_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM workspaces WHERE id = OLD.workspace_id) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'activity is append-only';
      END $$`.execute(db);
    await sql`CREATE TRIGGER activity_no_update BEFORE UPDATE ON activity FOR EACH ROW
      EXECUTE FUNCTION activity_append_only()`.execute(db);
    await sql`CREATE TRIGGER activity_no_delete BEFORE DELETE ON activity FOR EACH ROW
      EXECUTE FUNCTION activity_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER activity_no_update BEFORE UPDATE ON activity BEGIN SELECT RAISE(ABORT, 'activity is append-only'); END`.execute(
      db,
    );
    await sql`CREATE TRIGGER activity_no_delete BEFORE DELETE ON activity
      WHEN EXISTS (SELECT 1 FROM workspaces WHERE id = old.workspace_id)
      BEGIN SELECT RAISE(ABORT, 'activity is append-only'); END`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('activity').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    await sql`DROP FUNCTION activity_append_only()`.execute(db);
  await db.schema.dropTable('password_resets').execute();
  // Former members would collide with the full unique index; they have no place without this migration.
  await db.deleteFrom('users').where('deactivated_at', 'is not', null).execute();
  await db.schema.dropIndex('users_email_unique').execute();
  await db.schema
    .createIndex('users_email_unique')
    .on('users')
    .expression(sql`lower(email)`)
    .unique()
    .execute();
  await db.schema.alterTable('users').dropColumn('deactivated_at').execute();
}
