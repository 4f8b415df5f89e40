// Input schemas for the team's settings forms; their messages are shown next to the fields.
import * as v from 'valibot';

export const TeamNameSchema = v.object({
  name: v.optional(
    v.pipe(
      v.string('Enter a team name.'),
      v.trim(),
      v.nonEmpty('Enter a team name.'),
      v.maxLength(100, 'Use at most 100 characters.'),
    ),
    '',
  ),
});

/** Deleting the team: its name typed again, exactly (spaces around it do not count). */
export const ConfirmTeamNameSchema = v.object({
  confirm_name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200)), ''),
});
