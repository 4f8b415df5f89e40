// Tests read rendered HTML as a document: they ask which elements, attributes and text a page holds,
// so attribute order, whitespace or an added class do not break them and a real change still does.
import { parse, type HTMLElement } from 'node-html-parser';

export type { HTMLElement } from 'node-html-parser';

/** A page or fragment, parsed (a string already parsed is passed through). */
export function html(body: string | HTMLElement): HTMLElement {
  return typeof body === 'string' ? parse(body) : body;
}

/** The first element the CSS selector finds; fails, naming the selector, when there is none. */
export function one(body: string | HTMLElement, selector: string): HTMLElement {
  const found = html(body).querySelector(selector);
  if (!found) throw new Error(`no element matches ${selector}`);
  return found;
}

/** What a reader sees of an element: its text, entities decoded, whitespace collapsed. */
export function textOf(element: HTMLElement): string {
  return element.text.replace(/\s+/g, ' ').trim();
}

/** The text of every element the selector finds, in document order. */
export function texts(body: string | HTMLElement, selector: string): string[] {
  return html(body).querySelectorAll(selector).map(textOf);
}

/** The element an htmx answer begins with (a row, a panel): nothing but whitespace before it. */
export function leading(body: string): HTMLElement {
  const doc = html(body);
  const first = doc.firstElementChild;
  const before = first ? doc.childNodes.slice(0, doc.childNodes.indexOf(first)) : doc.childNodes;
  if (!first || before.some((node) => node.text.trim() !== ''))
    throw new Error(`the answer does not begin with an element: ${body.slice(0, 80)}`);
  return first;
}
