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
  // The deleted customers' terms, one seek of the customer_id index each, as the cascade did. (One
  // DELETE for all of old_rows would be planned once per connection and that plan kept, sized by its
  // first call: after a purge of thousands, a scan of every term for each single delete.)
  await sql`CREATE FUNCTION customers_search_terms_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      gone integer;
    BEGIN
      FOR gone IN SELECT id FROM old_rows LOOP
        DELETE FROM customer_search_terms WHERE customer_id = gone;
      END LOOP;
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
  // Terms of customers gone some way the trigger did not see (a TRUNCATE), which the key would refuse.
  await sql`DELETE FROM customer_search_terms t
    WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = t.customer_id)`.execute(db);
  await sql`ALTER TABLE customer_search_terms ADD CONSTRAINT customer_search_terms_customer_id_fkey
    FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE`.execute(db);
}
