// The page shell: head, skip link, header with the signed-in person, main landmark, flash region.
import type { SignedInUser } from '../http/env.js';
import type { Flash } from '../http/flash.js';
import { CSRF_FIELD } from '../http/csrf.js';
import { FlashMessage, Toast } from './components.js';

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

export function Layout({ ctx, title, children }: LayoutProps): JSX.Element {
  const headers = JSON.stringify({ 'X-CSRF-Token': ctx.csrfToken });
  return (
    <>
      {'<!doctype html>'}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <meta name="htmx-config" content='{"includeIndicatorCSS":false}' />
          <title safe>{`${title} · Folio`}</title>
          <link rel="icon" href={ctx.asset('favicon.svg')} type="image/svg+xml" />
          <link rel="stylesheet" href={ctx.asset('app.css')} />
          <script src={ctx.asset('htmx.js')} defer></script>
          <script src={ctx.asset('app.js')} defer></script>
        </head>
        {/* data-user keys this person's drafts in the browser (app.js); not a secret, unlike the session. */}
        <body
          hx-headers:inherited={headers}
          data-user={ctx.user ? String(ctx.user.id) : undefined}
          data-single-key-shortcuts={ctx.user && !ctx.user.singleKeyShortcuts ? 'off' : undefined}
        >
          <a class="skip-link" href="#main">
            Skip to content
          </a>
          <Header ctx={ctx} />
          <main id="main" tabindex="-1">
            {children}
          </main>
          <div id="flash" class="flash-region" role="status" aria-live="polite">
            {ctx.flash ? <FlashMessage flash={ctx.flash} csrfToken={ctx.csrfToken} /> : ''}
          </div>
          {/* What app.js shows when a request never reached the server: the same toast, made here. */}
          <template id="offline-toast">
            <Toast kind="error" text={OFFLINE} timeout={8000} />
          </template>
        </body>
      </html>
    </>
  );
}

function Header({ ctx }: { ctx: PageContext }): JSX.Element {
  const { user } = ctx;
  const current = (prefix: string) => (ctx.path.startsWith(prefix) ? 'page' : undefined);
  return (
    <header class="app-header">
      <a class="brand" href="/">
        <img src={ctx.asset('favicon.svg')} alt="" width="24" height="24" />
        Folio
      </a>
      {user ? (
        <>
          <nav class="app-nav" aria-label="Main">
            <a href="/customers" aria-current={current('/customers')}>
              Customers
            </a>
            {user.role === 'owner' ? (
              <a href="/settings/team" aria-current={current('/settings/team')}>
                Team
              </a>
            ) : (
              ''
            )}
            <a href="/settings/account" aria-current={current('/settings/account')}>
              Account
            </a>
          </nav>
          <div class="app-user">
            <span class="app-user-name">
              <span safe>{user.name}</span>
              <span class="app-user-workspace" safe>
                {user.workspaceName}
              </span>
            </span>
            <form method="post" action="/logout">
              <input type="hidden" name={CSRF_FIELD} value={ctx.csrfToken} />
              <button type="submit" class="button button-quiet">
                Sign out
              </button>
            </form>
          </div>
        </>
      ) : (
        <nav class="app-nav" aria-label="Account">
          <a href="/login" aria-current={current('/login')}>
            Sign in
          </a>
          <a href="/register" aria-current={current('/register')}>
            Create an account
          </a>
        </nav>
      )}
    </header>
  );
}
