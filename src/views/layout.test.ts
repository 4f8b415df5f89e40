// The page shell is written as a template, not JSX: what a person typed (their name, their
// workspace's, a page title) must come out as the same text, whatever it holds, with no markup of its
// own; and the shell must say who is signed in, where they are, and carry the CSRF token.
import { describe, expect, it } from 'vitest';
import { html, one, textOf, texts } from '../testing/html.js';
import type { SignedInUser } from '../http/env.js';
import { Layout, type PageContext } from './layout.js';

const HOSTILE = `<b>x</b> & "q" 'a' &amp; \r<script>alert(1)</script> é → 東`;

const member = (over: Partial<SignedInUser> = {}): SignedInUser => ({
  id: 7,
  name: HOSTILE,
  email: 'ada@example.com',
  role: 'member',
  workspaceId: 1,
  workspaceName: `${HOSTILE} Ltd`,
  singleKeyShortcuts: true,
  timeZone: 'UTC',
  ...over,
});

function context(over: Partial<PageContext> = {}): PageContext {
  return {
    user: member(),
    csrfToken: `tok${HOSTILE}`,
    flash: null,
    asset: (name) => `/static/${name}?v="1"&x`,
    path: '/customers/12',
    ...over,
  };
}

describe('the page shell', () => {
  it('shows every value as typed, hostile text included, with no markup of its own', async () => {
    const ctx = context({ flash: { kind: 'success', text: HOSTILE } });
    const page = html(await Layout({ ctx, title: HOSTILE, children: '<p id="mine">hi</p>' }));
    expect(page.querySelectorAll('b, script:not([src])')).toHaveLength(0);
    expect(textOf(one(page, 'title'))).toBe(`${HOSTILE} · Folio`.replace(/\s+/g, ' '));
    expect(one(page, '.app-user-name > span').text).toBe(HOSTILE);
    expect(one(page, '.app-user-workspace').text).toBe(`${HOSTILE} Ltd`);
    expect(one(page, 'form[action="/logout"] input[name="_csrf"]').getAttribute('value')).toBe(
      ctx.csrfToken,
    );
    expect(JSON.parse(one(page, 'body').getAttribute('hx-headers:inherited')!)).toEqual({
      'X-CSRF-Token': ctx.csrfToken,
    });
    expect(one(page, 'link[rel="stylesheet"]').getAttribute('href')).toBe(
      '/static/app.css?v="1"&x',
    );
    expect(
      page.querySelectorAll('script[src]').map((script) => script.getAttribute('src')),
    ).toEqual(['/static/htmx.js?v="1"&x', '/static/app.js?v="1"&x']);
    expect(one(page, 'link[rel="icon"]').getAttribute('href')).toBe('/static/favicon.svg?v="1"&x');
    expect(one(page, '.brand img').getAttribute('src')).toBe('/static/favicon.svg?v="1"&x');
    expect(one(page, 'main#main').innerHTML).toBe('<p id="mine">hi</p>');
    expect(one(page, '#flash .toast-text').text).toBe(HOSTILE);
    expect(one(page, '#offline-toast').innerHTML).toContain('Folio could not be reached');
  });

  it('marks where the person is, shows Team to owners only, and says who they are', async () => {
    const nav = async (ctx: PageContext) => html(await Layout({ ctx, title: 'T', children: '' }));
    const owner = await nav(context({ user: member({ role: 'owner' }), path: '/settings/team' }));
    expect(texts(owner, '.app-nav a')).toEqual(['Customers', 'Team', 'Account']);
    expect(texts(owner, '.app-nav a[aria-current="page"]')).toEqual(['Team']);
    expect(one(owner, 'body').getAttribute('data-user')).toBe('7');
    expect(one(owner, 'body').hasAttribute('data-single-key-shortcuts')).toBe(false);

    const quiet = await nav(context({ user: member({ singleKeyShortcuts: false }) }));
    expect(texts(quiet, '.app-nav a')).toEqual(['Customers', 'Account']);
    expect(texts(quiet, '.app-nav a[aria-current="page"]')).toEqual(['Customers']);
    expect(one(quiet, 'body').getAttribute('data-single-key-shortcuts')).toBe('off');

    const visitor = await nav(context({ user: null, path: '/register' }));
    expect(texts(visitor, '.app-nav a')).toEqual(['Sign in', 'Create an account']);
    expect(texts(visitor, '.app-nav a[aria-current="page"]')).toEqual(['Create an account']);
    expect(one(visitor, 'body').hasAttribute('data-user')).toBe(false);
    expect(visitor.querySelectorAll('form[action="/logout"]')).toHaveLength(0);
  });

  it('waits for a page whose content is still being made', async () => {
    const page = Layout({ ctx: context(), title: 'T', children: Promise.resolve('<p>later</p>') });
    expect(page).toBeInstanceOf(Promise);
    expect(one(html(await page), 'main').innerHTML).toBe('<p>later</p>');
  });
});
