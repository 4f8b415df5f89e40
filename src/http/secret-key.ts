// The key that signs Folio's own cookies, the same in every process and instance: SECRET_KEY from the
// environment, or else one made on first use and kept in the database (the first writer wins a race).
import { createHmac, randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { DB } from '../db/database.js';

const NAME = 'secret_key';

export async function loadSecretKey(db: DB, config: Config, now: number): Promise<string> {
  if (config.secretKey) return config.secretKey;
  await db
    .insertInto('app_secrets')
    .values({
      name: NAME,
      value: randomBytes(32).toString('base64url'),
      created_at: new Date(now).toISOString(),
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('app_secrets')
    .select('value')
    .where('name', '=', NAME)
    .executeTakeFirstOrThrow();
  return row.value;
}

/** A key for one purpose, derived from the secret, so no two uses ever share a key. */
export function derivedKey(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`folio:${purpose}`).digest();
}
