// Input schemas for signing in, registering and choosing a new password, and the pieces the account
// forms share with them; their messages are shown next to the fields.
import * as v from 'valibot';
import { isCommonPassword } from './common-passwords.js';

// A field left out of the form (a hand-made request, a stripped input) is read as empty, so it gets the
// field's own message ("Enter your name.") instead of valibot's generic "Invalid key" one.
export const field = <S extends v.GenericSchema<string, unknown>>(schema: S) =>
  v.optional(schema, '');

const email = v.pipe(
  v.string('Enter your email address.'),
  v.trim(),
  v.nonEmpty('Enter your email address.'),
  v.maxLength(254, 'An email address is at most 254 characters.'),
  v.email('Enter an email address like name@example.com.'),
  v.toLowerCase(),
);

export const newPassword = v.pipe(
  v.string('Choose a password.'),
  v.nonEmpty('Choose a password.'),
  v.minLength(8, 'Use at least 8 characters.'),
  v.maxLength(256, 'Use at most 256 characters.'),
  v.check(
    (value) => !isCommonPassword(value),
    'That password is one of the most common; choose another.',
  ),
);

export const personName = v.pipe(
  v.string('Enter your name.'),
  v.trim(),
  v.nonEmpty('Enter your name.'),
  v.maxLength(100, 'Use at most 100 characters.'),
);

export const MISMATCH = 'The two passwords do not match.';

export const RegisterSchema = v.pipe(
  v.object({
    name: field(personName),
    email: field(email),
    password: field(newPassword),
    password_confirm: field(
      v.pipe(v.string('Repeat the password.'), v.nonEmpty('Repeat the password.')),
    ),
    workspace: v.optional(
      v.pipe(v.string(), v.trim(), v.maxLength(100, 'Use at most 100 characters.')),
      '',
    ),
    invite: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100)), ''),
  }),
  // The mismatch message goes on the repeat field, where the person will look for it.
  v.forward(
    v.partialCheck(
      [['password'], ['password_confirm']],
      (input) => input.password === input.password_confirm,
      MISMATCH,
    ),
    ['password_confirm'],
  ),
);
export type RegisterInput = v.InferOutput<typeof RegisterSchema>;

export const LoginSchema = v.object({
  email: field(email),
  password: field(
    v.pipe(
      v.string('Enter your password.'),
      v.nonEmpty('Enter your password.'),
      v.maxLength(256, 'Use at most 256 characters.'),
    ),
  ),
});

/** A new password through a reset link: the same rules as registering. */
export const ResetPasswordSchema = v.pipe(
  v.object({
    password: field(newPassword),
    password_confirm: field(
      v.pipe(v.string('Repeat the new password.'), v.nonEmpty('Repeat the new password.')),
    ),
  }),
  v.forward(
    v.partialCheck(
      [['password'], ['password_confirm']],
      (input) => input.password === input.password_confirm,
      MISMATCH,
    ),
    ['password_confirm'],
  ),
);

/** `next` may only be a path on this site: "/x" but never "//evil.example" or "/\evil". */
export function safeNextPath(next: string | undefined): string {
  if (!next || next.length > 2000) return '/customers';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/customers';
  if (/[\u0000-\u001f\u007f]/.test(next)) return '/customers';
  return next;
}
