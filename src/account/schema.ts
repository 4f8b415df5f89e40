// Input schemas for a person's own settings forms; their messages are shown next to the fields.
import * as v from 'valibot';
import { field, MISMATCH, newPassword, personName } from '../auth/schema.js';
import { canonicalTimeZone } from '../views/format.js';

export const RenameSelfSchema = v.object({ name: v.optional(personName, '') });

export const DeleteAccountSchema = v.object({
  password: v.optional(
    v.pipe(
      v.string('Enter your password.'),
      v.nonEmpty('Enter your password.'),
      v.maxLength(256, 'Use at most 256 characters.'),
    ),
    '',
  ),
});

export const ChangePasswordSchema = v.pipe(
  v.object({
    current_password: field(
      v.pipe(
        v.string('Enter your current password.'),
        v.nonEmpty('Enter your current password.'),
        v.maxLength(256, 'Use at most 256 characters.'),
      ),
    ),
    password: field(newPassword),
    password_confirm: field(
      v.pipe(v.string('Repeat the new password.'), v.nonEmpty('Repeat the new password.')),
    ),
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

/** Account settings, keyboard: a checkbox, so "on" when ticked and absent when not. */
export const ShortcutsSchema = v.object({
  single_key_shortcuts: v.optional(v.literal('on', 'Tick the box or leave it empty, then save.')),
});

/** Account settings, time zone: one of the zones the select offers, stored as Intl names it. */
export const TimeZoneSchema = v.object({
  time_zone: v.pipe(
    v.optional(v.string(), ''),
    v.check((zone) => canonicalTimeZone(zone) !== null, 'Choose a time zone from the list.'),
    v.transform((zone) => canonicalTimeZone(zone) ?? 'UTC'),
  ),
});
