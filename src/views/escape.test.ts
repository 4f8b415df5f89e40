// Constant markup is written as a one-byte string (characters past U+00FF as references): the same
// text to a reader, a cheaper string to flatten and send.
import { describe, expect, it } from 'vitest';
import { html, one, textOf } from '../testing/html.js';
import { latin1Markup } from './escape.js';
import { KeyboardMap } from '../customers/views/keyboard-map.js';
import { PageLink } from '../customers/views/pager.js';
import { NotGiven } from '../customers/views/common.js';

const PAST_LATIN1 = /[^\x00-\xff]/u;

describe('latin1Markup', () => {
  it('writes each character past U+00FF as one numeric reference and keeps the rest', () => {
    expect(latin1Markup('<b>Zoë → “x”</b> 😀')).toBe(
      '<b>Zoë &#8594; &#8220;x&#8221;</b> &#128512;',
    );
  });

  it('leaves the table page’s constant parts one-byte, reading as they did', () => {
    const map = KeyboardMap() as string;
    expect(map).not.toMatch(PAST_LATIN1);
    expect(textOf(one(map, 'dialog'))).toContain('Shift+↓ or Shift+↑');
    expect(one(map, 'section[aria-label^="On a customer"]').getAttribute('aria-label')).toBe(
      'On a customer’s page',
    );

    const previous = PageLink({ url: '/customers?before=x', rel: 'prev' }) as string;
    const next = PageLink({ url: undefined, rel: 'next' }) as string;
    expect(previous + next).not.toMatch(PAST_LATIN1);
    expect(textOf(html(previous))).toBe('← Previous');
    expect(textOf(html(next))).toBe('Next →');

    const none = NotGiven() as string;
    expect(none).not.toMatch(PAST_LATIN1);
    expect(textOf(html(none))).toBe('—none');
  });
});
