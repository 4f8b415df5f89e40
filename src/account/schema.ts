// Input schemas for a person's own settings forms.
import * as v from 'valibot';
import { personName } from '../auth/schema.js';

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
