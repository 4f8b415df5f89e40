// Argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), as Lucia recommends. The cost is a
// parameter so tests can hash cheaply (createApp takes it); verifying reads the cost from the stored hash.
import { hash, verify } from '@node-rs/argon2';

export interface PasswordCost {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

const PRODUCTION_COST: PasswordCost = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export interface Passwords {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /**
   * Verified against when the email is unknown, so a failed sign-in takes the same time either way.
   * Made with the same cost as hash(); a constant (or one made at start), never made lazily: the first
   * unknown-email attempt would pay for an extra hash, which is exactly the difference this hides.
   */
  dummyHash: string;
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

const PRODUCTION_DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$b7sf0dlnaDc9/QMgK67lhw$RuP1qcC5RKzhC5C+ehmAmS2/wGm3ylFYMTbDrhTxb6o';

export function hashPassword(
  password: string,
  cost: PasswordCost = PRODUCTION_COST,
): Promise<string> {
  return hash(password, { ...cost, outputLen: 32 });
}

/** Folio's passwords at production cost. */
export const productionPasswords: Passwords = {
  hash: (password) => hashPassword(password),
  verify: verifyPassword,
  dummyHash: PRODUCTION_DUMMY_HASH,
};

/** Passwords at another cost (tests: cheap ones), with a dummy hash of that same cost. */
export async function passwordsAt(cost: PasswordCost): Promise<Passwords> {
  const dummyHash = await hashPassword('folio dummy password', cost);
  return { hash: (password) => hashPassword(password, cost), verify: verifyPassword, dummyHash };
}
