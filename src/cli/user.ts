// `npm run user -- reset-password --email E [--origin URL]`: prints a one-time password reset link (valid
// for an hour) for that active account, on DATABASE_URL. For an operator helping someone who forgot
// their password (an owner can make one from the team page for their members).
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type DB } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { findUserByEmail } from '../auth/queries.js';
import { createPasswordReset } from '../auth/resets.js';

const USAGE = 'usage: npm run user -- reset-password --email E [--origin https://folio.example]';

/** The reset link for the active account with this email, or null when there is none. */
export async function resetPasswordLink(
  db: DB,
  email: string,
  origin: string,
  now: number,
): Promise<string | null> {
  const user = await findUserByEmail(db, email);
  if (!user) return null;
  const token = await createPasswordReset(db, {
    workspaceId: user.workspace_id,
    userId: user.id,
    createdBy: null,
    now,
  });
  return token ? new URL(`/reset-password?token=${token}`, origin).toString() : null;
}

/** Where people reach Folio: --origin, else PUBLIC_URL, else the address the server listens on. */
export function originFor(option: string | undefined, config: Config): string {
  if (option) return new URL(option).origin;
  if (config.publicUrl) return config.publicUrl.origin;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

/** Runs the command; returns the exit code (0 done, 1 no such account, 2 bad usage). */
export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { email: { type: 'string' }, origin: { type: 'string' } },
    });
  } catch (error) {
    err(`user: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'reset-password') {
    err(`user: unknown command ${JSON.stringify(positionals.join(' '))}\n${USAGE}`);
    return 2;
  }
  if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email)) {
    err(`user: --email must be an email address\n${USAGE}`);
    return 2;
  }
  const config = loadConfig(env);
  let origin: string;
  try {
    origin = originFor(values.origin, config);
  } catch {
    err(`user: --origin must be a URL such as https://folio.example\n${USAGE}`);
    return 2;
  }
  const db = openDatabase(config.database);
  try {
    await migrateToLatest(db);
    const link = await resetPasswordLink(db, values.email, origin, Date.now());
    if (!link) {
      err(`user: no active account has the email ${values.email}`);
      return 1;
    }
    out(
      `Password reset link for ${values.email.toLowerCase()} (works once, for one hour; signs them out everywhere):`,
    );
    out(link);
    return 0;
  } finally {
    await db.destroy();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(
    process.argv.slice(2),
    process.env,
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  )
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error) => {
      process.stderr.write(`user: ${error instanceof Error ? error.message : error}\n`);
      process.exitCode = 1;
    });
}
