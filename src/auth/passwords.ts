// Argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), as Lucia recommends.
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the email is unknown, so a failed sign-in takes the same time either way. A
// constant made with the same parameters as hashPassword(): computing it lazily would make the first
// unknown-email attempt pay for an extra hash, which is exactly the difference this hides.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$b7sf0dlnaDc9/QMgK67lhw$RuP1qcC5RKzhC5C+ehmAmS2/wGm3ylFYMTbDrhTxb6o';
export function dummyPasswordHash(): string {
  return DUMMY_HASH;
}
