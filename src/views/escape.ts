// Escaping for HTML written without JSX (the table's rows): the same as the JSX runtime writes.

/**
 * An attribute value as views/jsx-runtime.js writes it: `&` and CR as references (so a stored `R&amp;D`
 * and a bare CR survive an unchanged save), then `"` as Kita writes it (`&#34;`).
 */
export function escapeAttribute(value: string): string {
  if (!/[&\r"]/.test(value)) return value;
  return value.replaceAll('&', '&amp;').replaceAll('\r', '&#13;').replaceAll('"', '&#34;');
}
