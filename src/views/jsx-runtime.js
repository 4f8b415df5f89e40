// Kita's JSX runtime with one fix: attribute values escape `&` (and CR) as well as `"`. Kita escapes
// only the quote, so a stored `R&amp;D` reached the browser as `R&D` (entities in attributes are
// decoded) and an unchanged save rewrote it; a bare CR is read as LF by every HTML parser. Every element
// of every view goes through here (tsconfig jsxImportSource "#jsx", package.json "imports"), so no
// attribute anywhere can miss the escape.
import { createRequire } from 'node:module';

const kita = createRequire(import.meta.url)('@kitajs/html/jsx-runtime');

// Kita's own keys and the raw `attrs` escape hatch are not attribute values.
const NOT_VALUES = new Set(['children', 'safe', 'of', 'attrs']);

const escapeText = (text) => text.replaceAll('&', '&amp;').replaceAll('\r', '&#13;');

/** The same attributes with `&` and CR written as references in every text value (kita then escapes `"`). */
export function escapeAttributeValues(attrs) {
  let copy;
  for (const key in attrs) {
    const value = attrs[key];
    if (NOT_VALUES.has(key)) continue;
    if (typeof value === 'string' ? !/[&\r]/.test(value) : !Array.isArray(value)) continue;
    copy ??= { ...attrs };
    copy[key] = Array.isArray(value)
      ? value.map((item) => (typeof item === 'string' ? escapeText(item) : item))
      : escapeText(value);
  }
  return copy ?? attrs;
}

export function jsx(name, attrs) {
  return kita.jsx(name, typeof name === 'function' ? attrs : escapeAttributeValues(attrs));
}

export function jsxs(name, attrs) {
  return kita.jsxs(name, typeof name === 'function' ? attrs : escapeAttributeValues(attrs));
}

export const jsxDEV = jsx;
export const Fragment = kita.Fragment;
