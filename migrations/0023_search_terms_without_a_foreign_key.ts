// PostgreSQL: a customer's search terms (customer_search_terms, kept by the customers' triggers) go
// with the customer through a trigger of their own instead of a foreign key's ON DELETE CASCADE. The
// key checked every term row as it was inserted, one lookup and lock of the customer each: about 18
// a customer, two thirds of the cost of adding one (1,000 customers in one INSERT: 758 ms with the
// key, 256 ms without), and an import of 100,000 rows took 157-166 s (docs/performance.md,
// "Importing, fourteenth round"). Only the triggers on customers write these rows, for a customer
// they have just written, so the check could never fail. SQLite's search index (FTS5) has no such key
// and its own delete trigger: nothing changes there.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const postgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (!postgres(db)) return;
  await sql`ALTER TABLE customer_search_terms DROP CONSTRAINT customer_search_terms_customer_id_fkey`.execute(
    db,
  );
  // Deleted customers' terms, once per statement (a purge, a workspace's customers going with it),
  // found by the customer_id index the cascade used.
  await sql`CREATE FUNCTION customers_search_terms_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM customer_search_terms WHERE customer_id IN (SELECT id FROM old_rows);
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER customers_search_delete AFTER DELETE ON customers
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION customers_search_terms_delete()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!postgres(db)) return;
  await sql`DROP TRIGGER customers_search_delete ON customers`.execute(db);
  await sql`DROP FUNCTION customers_search_terms_delete()`.execute(db);
  await sql`ALTER TABLE customer_search_terms ADD CONSTRAINT customer_search_terms_customer_id_fkey
    FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE`.execute(db);
}
