// Serves /static from memory under content-hashed names, so browsers may cache them for a year.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

interface Asset {
  body: Uint8Array;
  type: string;
}

export interface Assets {
  /** The public URL of a logical asset name, e.g. url('app.css') -> /static/app.3f9c1a2b.css */
  url(name: string): string;
  routes: Hono;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function sources(): Record<string, string> {
  // From src/http, static/ is two folders up; from the build in dist/src/http, three.
  const folder = ['../../static', '../../../static']
    .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
    .find((candidate) => existsSync(candidate));
  if (!folder) throw new Error('static/ not found beside src/ or dist/');
  const files: Record<string, string> = {};
  for (const name of readdirSync(folder)) files[name] = path.join(folder, name);
  // htmx comes from node_modules (never a CDN), pinned by package-lock.
  files['htmx.js'] = createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js');
  return files;
}

export function loadAssets(): Assets {
  const byPublicName = new Map<string, Asset>();
  const publicNames = new Map<string, string>();
  for (const [name, file] of Object.entries(sources())) {
    const body = readFileSync(file);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
    const ext = path.extname(name);
    const publicName = `${path.basename(name, ext)}.${hash}${ext}`;
    byPublicName.set(publicName, { body, type: TYPES[ext] ?? 'application/octet-stream' });
    publicNames.set(name, `/static/${publicName}`);
  }

  const routes = new Hono();
  routes.get('/static/:file', (c) => {
    const asset = byPublicName.get(c.req.param('file'));
    if (!asset) return c.notFound();
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });

  return {
    url(name) {
      const url = publicNames.get(name);
      if (!url) throw new Error(`Unknown static asset: ${name}`);
      return url;
    },
    routes,
  };
}
