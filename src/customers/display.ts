// How a customer's name, initials, place and phone are written out: shared by the routes (titles,
// toasts) and the views (rows, pages), so both say a customer the same way.
import type { CustomerValues } from './schema.js';

export function fullName(customer: Pick<CustomerValues, 'first_name' | 'last_name'>): string {
  return `${customer.first_name} ${customer.last_name}`.trim();
}

/** "City, State", leaving out what is not given. */
export function location(customer: Pick<CustomerValues, 'city' | 'state'>): string {
  const { city, state } = customer;
  return city && state ? `${city}, ${state}` : city || state;
}

/** tel: links keep only what a dialler understands. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function firstGrapheme(text: string): string {
  const trimmed = text.trim();
  // Most names start with a letter that stands alone; the segmenter (slow) is for the rest.
  if (/^[\p{L}\p{N}](?!\p{M}|\u200d|\ufe0f)/u.test(trimmed) && trimmed.codePointAt(0)! < 0x10000)
    return trimmed[0]!;
  for (const { segment } of graphemes.segment(trimmed)) return segment;
  return '';
}

/** The letters of the avatar: the first character (as a reader sees it) of each name, uppercase. */
export function initials(customer: Pick<CustomerValues, 'first_name' | 'last_name'>): string {
  return `${firstGrapheme(customer.first_name)}${firstGrapheme(customer.last_name)}`.toLocaleUpperCase();
}
