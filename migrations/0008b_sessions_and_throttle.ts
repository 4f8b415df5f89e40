// The sessions list (device, address, last seen) and the registration throttle.
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'bigint').execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('address', 'text', (col) => col.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('user_agent', 'text', (col) => col.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('register_attempts')
    .addColumn('id', postgres ? 'serial' : 'integer', (col) =>
      postgres ? col.primaryKey() : col.primaryKey().autoIncrement(),
    )
    .addColumn('ip', 'text', (col) => col.notNull())
    .addColumn('attempted_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('register_attempts_ip')
    .on('register_attempts')
    .columns(['ip', 'attempted_at'])
    .execute();
  // The throttle now also asks "failures of this email from this address".
  await db.schema
    .createIndex('login_attempts_email_ip')
    .on('login_attempts')
    .columns(['email', 'ip', 'attempted_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('login_attempts_email_ip').execute();
  await db.schema.dropTable('register_attempts').execute();
  await db.schema.alterTable('sessions').dropColumn('user_agent').execute();
  await db.schema.alterTable('sessions').dropColumn('address').execute();
  await db.schema.alterTable('sessions').dropColumn('last_seen_at').execute();
}
