// The benchmark's ceiling: a bare Hono route answering a fixed string, on the same server stack.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const size = Number(process.env.BODY_BYTES ?? '20000');
const body = 'x'.repeat(size);
const app = new Hono();
app.get('/', (c) => c.html(body));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('ready'));
