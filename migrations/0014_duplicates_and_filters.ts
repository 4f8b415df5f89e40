// Two more stored keys and the indexes that filters and duplicates read, so neither scans the book:
// - state_key: the folded state ("NY", "ny" and "Ny" are one state), which the list's state filter
//   compares; index (workspace, state, city, added) serves a state, a state and city, and their dates.
//   A city alone reads the city sort index (0006), dates alone the added index (0002).
// - phone_key: a phone's dialled digits when there are 7 or more ('' otherwise), which duplicates by
//   phone compare; duplicates by email read the email sort index (0006), by name and city a new one.
// Existing rows are filled here with a frozen copy of src/customers/keys.ts as it is today.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

// --- frozen copy of src/customers/keys.ts (state_key, phone_key) as of this migration --------------

const LETTERS: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'n',
  ſ: 's',
  ς: 'σ',
};
const UNDECOMPOSED = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');
const sortKey = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(UNDECOMPOSED, (letter) => LETTERS[letter]!)
    .normalize('NFC')
    .replace(/[\p{Cc}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
const phoneKey = (phone: string) => {
  const digits = phone.replace(/\p{L}.*$/su, '').replace(/\D/g, '');
  return digits.length >= 7 ? digits : '';
};

export function frozenKeys(values: { state: string; phone: string }) {
  return { state_key: sortKey(values.state), phone_key: phoneKey(values.phone) };
}

// --- the migration -------------------------------------------------------------------------------

const BATCH = 2_000;
const live = sql.ref('deleted_at');
const INDEXES = {
  customers_workspace_state: ['workspace_id', 'state_key', 'city_key', 'created_at', 'id'],
  customers_workspace_phone: ['workspace_id', 'phone_key', 'id'],
  customers_workspace_name_city: ['workspace_id', 'name_key', 'city_key', 'id'],
};

const onPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** Every row, deleted ones too (a restore brings them back as they were). */
async function fillKeys(db: Kysely<any>, postgres: boolean): Promise<void> {
  for (let last = 0; ;) {
    const rows = await db
      .selectFrom('customers')
      .select(['id', 'state', 'phone'])
      .where('id', '>', last)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    const values = rows.map((row) => {
      // PostgreSQL types a VALUES parameter as text; the id is compared with an integer.
      const id = postgres ? sql`${row.id}::integer` : sql`${row.id}`;
      const keys = frozenKeys(row);
      return sql`(${id}, ${keys.state_key}, ${keys.phone_key})`;
    });
    await sql`UPDATE customers SET state_key = v.column2, phone_key = v.column3
              FROM (VALUES ${sql.join(values)}) AS v WHERE customers.id = v.column1`.execute(db);
    last = rows.at(-1)!.id as number;
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = onPostgres(db);
  // Compared byte-wise on both engines, as the other keys are (COLLATE "C" is SQLite's BINARY).
  const text = postgres ? sql`text COLLATE "C"` : 'text';
  for (const column of ['state_key', 'phone_key']) {
    await db.schema
      .alterTable('customers')
      .addColumn(column, text, (col) => col.notNull().defaultTo(''))
      .execute();
  }
  await fillKeys(db, postgres);
  for (const [index, columns] of Object.entries(INDEXES)) {
    await db.schema
      .createIndex(index)
      .on('customers')
      .columns(columns)
      .where(live, 'is', null)
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of Object.keys(INDEXES)) await db.schema.dropIndex(index).execute();
  for (const column of ['state_key', 'phone_key'])
    await db.schema.alterTable('customers').dropColumn(column).execute();
}
