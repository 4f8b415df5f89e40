// One place turns every failure into a friendly page (or, for htmx, a toast) and logs the unexpected.
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { isHtmx, type AppEnv } from './env.js';
import { pageContext } from './render.js';
import { ErrorPanel, FlashMessage } from '../views/components.js';
import { Layout } from '../views/layout.js';

const TITLES: Record<number, string> = {
  400: 'That request was not understood',
  401: 'Please sign in',
  403: 'That was refused',
  404: 'Page not found',
  405: 'That is not allowed here',
  409: 'Someone else changed this',
  413: 'That was too large',
  429: 'Too many attempts',
  500: 'Something went wrong',
  503: 'Folio is unavailable for a moment',
};

const DEFAULT_MESSAGES: Record<number, string> = {
  404: 'There is nothing at this address, or it belongs to another workspace.',
  413: 'What you sent is larger than Folio accepts. Shorten it and try again.',
  500: 'Folio hit an unexpected error. Nothing you typed was saved by the failed request; try again in a moment.',
  503: 'Folio cannot reach its database just now. Nothing was saved by this request; try again in a moment.',
};

function respond(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  message: string,
  detail?: string,
) {
  const title = TITLES[status] ?? 'Something went wrong';
  c.header('Cache-Control', 'no-store');
  if (isHtmx(c)) {
    // Keep the page as it is and say what happened in the toast region.
    c.header('HX-Retarget', '#flash');
    c.header('HX-Reswap', 'innerHTML');
    return c.html(
      <FlashMessage
        flash={{ kind: 'error', text: message }}
        csrfToken={c.get('csrfToken') ?? ''}
      />,
      status,
    );
  }
  const ctx = pageContext(c);
  return c.html(
    <Layout ctx={ctx} title={title}>
      <>
        <ErrorPanel status={status} title={title} message={message} />
        {detail ? (
          <pre class="error-detail" safe>
            {detail}
          </pre>
        ) : (
          ''
        )}
      </>
    </Layout>,
    status,
  );
}

export const notFound: NotFoundHandler<AppEnv> = (c) => respond(c, 404, DEFAULT_MESSAGES[404]!);

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof HTTPException) {
    const response = err.res;
    if (response) return response;
    const status = err.status;
    return respond(
      c,
      status,
      err.message || DEFAULT_MESSAGES[status] || TITLES[status] || 'Request refused.',
    );
  }
  const { logger, config } = c.get('deps');
  // The database went away (a restart, a network cut): not a bug, and it heals by itself.
  if (isDatabaseUnavailable(err)) {
    logger.warn('database unavailable', {
      id: c.get('requestId'),
      path: c.req.path,
      error: err instanceof Error ? err.message : String(err),
    });
    c.header('Retry-After', '10');
    return respond(c, 503, DEFAULT_MESSAGES[503]!);
  }
  logger.error('unhandled error', {
    id: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
  // The stack helps a developer at their desk; a production page never shows it.
  const detail = !config.production && err instanceof Error ? err.stack : undefined;
  return respond(c, 500, DEFAULT_MESSAGES[500]!, detail);
};
