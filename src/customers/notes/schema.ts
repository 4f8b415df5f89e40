// What a note may hold: plain text up to 10,000 characters, line breaks kept, nothing invisible.
import * as v from 'valibot';

export const NOTE_MAX_LENGTH = 10_000;

// Line breaks and tabs are part of a note; other control characters (NUL, escape...) would hide in it.
const NO_HIDDEN_CONTROLS = /^[^\p{Cc}]*$/u;
// Bidirectional overrides and isolates can make a link's text read as another address than it is.
const NO_DIRECTION_OVERRIDES = /^[^\u202A-\u202E\u2066-\u2069]*$/u;

export const NoteSchema = v.object({
  body: v.pipe(
    v.optional(v.string(), ''),
    // Browsers send CRLF for a textarea's line breaks; stored as LF, shown as typed.
    v.transform((body) => body.replace(/\r\n?/g, '\n').replace(/^\s*\n|\s+$/g, '')),
    v.check((body) => body.trim() !== '', 'Write something before saving the note.'),
    v.maxLength(
      NOTE_MAX_LENGTH,
      (issue) =>
        `Keep a note to ${NOTE_MAX_LENGTH.toLocaleString('en-US')} characters (this has ${String(issue.input).length.toLocaleString('en-US')}).`,
    ),
    v.check(
      (body) => NO_HIDDEN_CONTROLS.test(body.replace(/[\n\t]/g, '')),
      'Remove the invisible control character from the note.',
    ),
    v.regex(
      NO_DIRECTION_OVERRIDES,
      'Remove the invisible text-direction character from the note (it can disguise a link).',
    ),
  ),
});
