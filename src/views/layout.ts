// The page shell: head, skip link, header with the signed-in person, main landmark, flash region.
import type { SignedInUser } from '../http/env.js';
import type { Flash } from '../http/flash.js';
import { CSRF_FIELD } from '../http/csrf.js';
import Html from '@kitajs/html';
import { FlashMessage, Toast } from './components.js';
import { escapeAttribute as attr } from './escape.js';

const OFFLINE =
  'Folio could not be reached. Nothing was lost: check your connection and try again.';

/** What every full page needs from the request, gathered once by the route (see http/render.tsx). */
export interface PageContext {
  user: SignedInUser | null;
  csrfToken: string;
  flash: Flash | null;
  asset: (name: string) => string;
  path: string;
}

interface LayoutProps {
  ctx: PageContext;
  title: string;
  children: JSX.Element;
}

/**
 * The shell as a template filled by one function: every page pays for it, and as some forty JSX
 * elements it cost 30 µs a call against 3-8 (the login page 8% less CPU side by side). It writes the
 * HTML the JSX did, byte for byte (compared over 252 contexts when it replaced it); every value goes
 * through escapeAttribute or Html.escapeHtml, or is a number, which layout.test.ts checks.
 */
export function Layout({ ctx, title, children }: LayoutProps): JSX.Element {
  const { user } = ctx;
  const headers = JSON.stringify({ 'X-CSRF-Token': ctx.csrfToken });
  const head =
    `<!doctype html><html lang="en"><head>${HEAD_META}` +
    `<title>${Html.escapeHtml(`${title} · Folio`)}</title>` +
    `<link rel="icon" href="${attr(ctx.asset('favicon.svg'))}" type="image/svg+xml"/>` +
    `<link rel="stylesheet" href="${attr(ctx.asset('app.css'))}"/>` +
    `<script src="${attr(ctx.asset('htmx.js'))}" defer></script>` +
    `<script src="${attr(ctx.asset('app.js'))}" defer></script></head>` +
    // data-user keys this person's drafts in the browser (app.js); not a secret, unlike the session.
    `<body hx-headers:inherited="${attr(headers)}"` +
    (user ? ` data-user="${user.id}"` : '') +
    (user && !user.singleKeyShortcuts ? ' data-single-key-shortcuts="off"' : '') +
    `><a class="skip-link" href="#main">Skip to content</a>${header(ctx)}<main id="main" tabindex="-1">`;
  const flash = ctx.flash ? FlashMessage({ flash: ctx.flash, csrfToken: ctx.csrfToken }) : '';
  const page = (main: string, flashHtml: string) =>
    `${head}${main}</main><div id="flash" class="flash-region" role="status" aria-live="polite">` +
    `${flashHtml}</div>${OFFLINE_TOAST}</body></html>`;
  return typeof children === 'string' && typeof flash === 'string'
    ? page(children, flash)
    : Promise.all([children, flash]).then(([main, flashHtml]) => page(main, flashHtml));
}

const HEAD_META =
  '<meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>' +
  '<meta name="color-scheme" content="light dark"/>' +
  '<meta name="htmx-config" content="{&#34;includeIndicatorCSS&#34;:false}"/>';

/** What app.js shows when a request never reached the server: the same toast, made here. */
const OFFLINE_TOAST = `<template id="offline-toast">${
  Toast({ kind: 'error', text: OFFLINE, timeout: 8000 }) as string
}</template>`;

function header(ctx: PageContext): string {
  const { user } = ctx;
  const link = (href: string, text: string) =>
    `<a href="${href}"${ctx.path.startsWith(href) ? ' aria-current="page"' : ''}>${text}</a>`;
  const brand =
    `<a class="brand" href="/"><img src="${attr(ctx.asset('favicon.svg'))}" alt="" width="24" height="24"/>` +
    `Folio</a>`;
  if (!user)
    return (
      `<header class="app-header">${brand}<nav class="app-nav" aria-label="Account">` +
      `${link('/login', 'Sign in')}${link('/register', 'Create an account')}</nav></header>`
    );
  return (
    `<header class="app-header">${brand}<nav class="app-nav" aria-label="Main">` +
    link('/customers', 'Customers') +
    (user.role === 'owner' ? link('/settings/team', 'Team') : '') +
    `${link('/settings/account', 'Account')}</nav>` +
    `<div class="app-user"><span class="app-user-name"><span>${Html.escapeHtml(user.name)}</span>` +
    `<span class="app-user-workspace">${Html.escapeHtml(user.workspaceName)}</span></span>` +
    `<form method="post" action="/logout"><input type="hidden" name="${CSRF_FIELD}" value="${attr(ctx.csrfToken)}"/>` +
    `<button type="submit" class="button button-quiet">Sign out</button></form></div></header>`
  );
}
