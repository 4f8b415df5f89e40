// SQLite's full-text index (FTS5) is a set of segments that it merges as writes add them. Left to
// itself (automerge), the merge runs inside whichever write fills a level, and grows with the book:
// every 16th import batch spent 25-60 ms merging at 120,000 customers, and one save in a few
// thousand held the event loop 77 ms. Folio merges in bounded steps instead
// (src/customers/search/merging.ts): each job batch merges about as much as it wrote, and
// housekeeping catches up after the saves. Writes still merge on their own when a level reaches 16
// segments (crisismerge), so the index stays bounded whatever runs. PostgreSQL has nothing to change.
import { SqliteAdapter, sql, type Kysely } from 'kysely';

const onSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (onSqlite(db))
    await sql`INSERT INTO customers_fts(customers_fts, rank) VALUES ('automerge', 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // FTS5's default.
  if (onSqlite(db))
    await sql`INSERT INTO customers_fts(customers_fts, rank) VALUES ('automerge', 4)`.execute(db);
}
