// Reads a rendered form the way a browser does: parse5 builds the DOM (decoding entities, turning CR
// into LF), then the form's data set is what submitting it would send, values sanitised by input type.
import { parse, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value;
}

function* elements(node: Node): Generator<Element> {
  if ('tagName' in node) yield node;
  const children = 'childNodes' in node ? node.childNodes : [];
  for (const child of children) yield* elements(child);
  if ('content' in node && node.content) yield* elements(node.content);
}

// HTML's value sanitisation: one-line inputs drop line breaks; email also trims ASCII whitespace.
function sanitised(type: string, value: string): string {
  if (['text', 'search', 'tel', 'url', 'password'].includes(type))
    return value.replace(/[\r\n]/g, '');
  if (type === 'email')
    return value.replace(/[\r\n]/g, '').replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
  return value;
}

export interface BrowserForm {
  action: string;
  method: string;
  /** What submitting the form (with its default button) sends, in document order. */
  data: [string, string][];
}

/**
 * The first form in the HTML whose action matches, as a browser would submit it. A fragment (a table
 * row) is parsed in a table context, as htmx inserts it.
 */
export function browserForm(html: string, action: string | RegExp): BrowserForm {
  const document = parse(html.startsWith('<tr') ? `<table><tbody>${html}</tbody></table>` : html);
  for (const form of elements(document)) {
    if (form.tagName !== 'form') continue;
    const formAction = attribute(form, 'action') ?? '';
    if (typeof action === 'string' ? formAction !== action : !action.test(formAction)) continue;
    const data: [string, string][] = [];
    for (const control of elements(form)) {
      const name = attribute(control, 'name');
      if (!name || attribute(control, 'disabled') !== undefined) continue;
      if (control.tagName === 'input') {
        const type = (attribute(control, 'type') ?? 'text').toLowerCase();
        if (['submit', 'button', 'reset', 'image', 'file'].includes(type)) continue;
        if (
          (type === 'radio' || type === 'checkbox') &&
          attribute(control, 'checked') === undefined
        )
          continue;
        data.push([
          name,
          sanitised(
            type,
            attribute(control, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''),
          ),
        ]);
      } else if (control.tagName === 'textarea') {
        const text = control.childNodes
          .map((child) => ('value' in child ? child.value : ''))
          .join('');
        data.push([name, text.replace(/^\n/, '')]);
      }
    }
    return { action: formAction, method: (attribute(form, 'method') ?? 'get').toLowerCase(), data };
  }
  throw new Error(`no form with action ${String(action)}`);
}
