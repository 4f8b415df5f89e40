// Escaping for HTML written without JSX (the table's rows): the same as the JSX runtime writes.

/**
 * An attribute value as views/jsx-runtime.js writes it: `&` and CR as references (so a stored `R&amp;D`
 * and a bare CR survive an unchanged save), then `"` as Kita writes it (`&#34;`).
 */
export function escapeAttribute(value: string): string {
  if (!/[&\r"]/.test(value)) return value;
  return value.replaceAll('&', '&amp;').replaceAll('\r', '&#13;').replaceAll('"', '&#34;');
}

/**
 * Markup of Folio's own with every character past U+00FF written as a numeric character reference:
 * the same document to a browser, but a one-byte string. One arrow or curly quote makes a whole page
 * a two-byte string, which V8 flattens and Node encodes for the socket at several times the cost
 * (an arrow in the pager made the table page so). For constant markup, worked out once.
 *
 * The result is also one piece: JSX joins markup a string at a time, V8 keeps the joins as a tree,
 * and a tree kept for reuse would be copied piece by piece again by every page that sends it (the
 * regular expression's search joins it in place, once).
 */
export function latin1Markup(html: string): string {
  return html.replace(/[^\x00-\xff]/gu, (character) => `&#${character.codePointAt(0)};`);
}
