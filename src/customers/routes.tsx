// The customer book. (Issue 4 builds the full table; this is the signed-in landing page meanwhile.)
import type { AppEnv } from '../http/env.js';
import { membersOnly } from '../auth/middleware.js';
import { renderPage } from '../http/render.js';

export const customerRoutes = membersOnly();

customerRoutes.get('/', (c) =>
  renderPage(
    c,
    'Customers',
    <section class="panel">
      <h1>Customers</h1>
      <p class="muted">No customers yet.</p>
    </section>,
  ),
);

export type { AppEnv };
