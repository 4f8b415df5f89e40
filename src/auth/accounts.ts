// Between a valid form and the database, what is not HTTP: creating an account (its password hashed)
// and checking a password against an account.
import type { AppDeps } from '../http/env.js';
import { createAccount, findUserByEmail, findUserById, type AccountCreated } from './queries.js';
import type { RegisterInput } from './schema.js';
import { tokenHash } from './sessions.js';

type Deps = Pick<AppDeps, 'db' | 'now' | 'passwords'>;

/** A new account from a valid sign-up form: a member through an invite (its token), else an owner. */
export async function register(
  deps: Deps,
  input: RegisterInput,
  inviteToken: string | undefined,
): Promise<AccountCreated> {
  // Looked up before the slow hash; a race for the email is still refused by createAccount.
  if (await findUserByEmail(deps.db, input.email)) return { refused: 'email-taken' };
  return createAccount(deps.db, {
    name: input.name,
    email: input.email,
    passwordHash: await deps.passwords.hash(input.password),
    now: new Date(deps.now()).toISOString(),
    join: inviteToken
      ? { inviteHash: tokenHash(inviteToken) }
      : { workspaceName: input.workspace || `${input.name}'s team` },
  });
}

/**
 * The active account with this email and password, or undefined. An unknown email is verified
 * against a dummy hash, so it takes as long as a wrong password and tells a guesser nothing.
 */
export async function userWithPassword(deps: Deps, email: string, password: string) {
  const user = await findUserByEmail(deps.db, email);
  const hash = user?.password_hash ?? deps.passwords.dummyHash;
  const valid = await deps.passwords.verify(hash, password);
  return user && valid ? user : undefined;
}

/** Whether this is the person's current password (changing it, or deleting the account, asks). */
export async function isOwnPassword(deps: Deps, userId: number, password: string) {
  const user = await findUserById(deps.db, userId);
  return user !== undefined && (await deps.passwords.verify(user.password_hash, password));
}
