// Reading a submitted form and turning validation issues into one message per field.
import type { Context } from 'hono';
import * as v from 'valibot';

/**
 * The form's text fields. A field sent twice keeps its first value (a browser never does this; a
 * hand-made request gets a predictable answer instead of an error). Files are ignored.
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const type = c.req.header('Content-Type') ?? '';
  if (
    !type.startsWith('application/x-www-form-urlencoded') &&
    !type.startsWith('multipart/form-data')
  )
    return {};
  const body = await c.req.parseBody({ all: true }).catch(() => ({}));
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') form[key] = first;
  }
  return form;
}

export type FieldErrors = Record<string, string>;

/** The first message for each field, keyed by field name. */
export function fieldErrors(issues: v.BaseIssue<unknown>[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = v.getDotPath(issue) ?? '_form';
    errors[key] ??= issue.message;
  }
  return errors;
}
