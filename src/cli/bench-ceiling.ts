// The benchmark's ceiling: a bare Hono route answering a fixed string, on the same server stack and
// with as many processes as Folio is given, so the comparison is like for like.
import cluster from 'node:cluster';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const workers = Number(process.env.WEB_CONCURRENCY ?? '1');
if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
} else {
  const body = 'x'.repeat(Number(process.env.BODY_BYTES ?? '20000'));
  const app = new Hono();
  app.get('/', (c) => c.html(body));
  serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
}
