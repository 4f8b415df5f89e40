// The name key now ends with the city: "last \u0001 first \u0002 city" (keys.ts). The name sort
// orders by last name, first name, then city, and duplicates by name and city compare the name key
// alone, so one index serves both where two did: customers_workspace_name_key and
// customers_workspace_name_city both took a random page of the book for every customer added, and
// with one of them an import of 100,000 rows took 7-16% less time (docs/performance.md, "Importing,
// twelfth round"). The index keeps city_key after the id, so the duplicates page can skip rows without
// a city without reading them. Names and cities hold no control characters (keys.ts folds them out),
// so \u0002 sorts a name before any longer one: "ada" < "ada\u0002paris" < "adam".
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const live = sql.ref('deleted_at');

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // Dropped before the update, which then maintains neither; the name index is built again after it.
  await db.schema.dropIndex('customers_workspace_name_city').execute();
  await db.schema.dropIndex('customers_workspace_name_key').execute();
  // Every row, deleted ones too: a restore brings a customer back as they were.
  const separator = postgres ? sql`chr(2)` : sql`char(2)`;
  await sql`UPDATE customers SET name_key = name_key || ${separator} || city_key`.execute(db);
  await db.schema
    .createIndex('customers_workspace_name_key')
    .on('customers')
    .columns(['workspace_id', 'name_key', 'id', 'city_key'])
    .where(live, 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropIndex('customers_workspace_name_key').execute();
  const cut = postgres
    ? sql`split_part(name_key, chr(2), 1)`
    : sql`substr(name_key, 1, instr(name_key, char(2)) - 1)`;
  await sql`UPDATE customers SET name_key = ${cut} WHERE name_key LIKE ${'%\u0002%'}`.execute(db);
  await db.schema
    .createIndex('customers_workspace_name_key')
    .on('customers')
    .columns(['workspace_id', 'name_key', 'id'])
    .where(live, 'is', null)
    .execute();
  await db.schema
    .createIndex('customers_workspace_name_city')
    .on('customers')
    .columns(['workspace_id', 'name_key', 'city_key', 'id'])
    .where(live, 'is', null)
    .execute();
}
