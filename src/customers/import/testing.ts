// Test support for imports: upload a file as a browser would (multipart, token in the address), start
// it with a mapping, and run its job to the end with a small batch size; a fresh book to import into.
import type { DB } from '../../db/database.js';
import { JOBS, jobOptions } from '../../jobs/registry.js';
import { runNextJob, type JobRegistry } from '../../jobs/runner.js';
import type { TestClient } from '../../testing/harness.js';
import { html as parse } from '../../testing/html.js';
import { setup } from '../testing.js';

export async function upload(
  client: TestClient,
  content: string | Uint8Array,
  name = 'book.csv',
  token = client.csrfToken,
): Promise<Response> {
  if (!client.csrfToken) await client.get('/customers');
  const form = new FormData();
  form.append('file', new Blob([content as BlobPart]), name);
  const encoded = new Response(form);
  const type = encoded.headers.get('Content-Type')!;
  return client.request(
    'POST',
    `/customers/import?_csrf=${encodeURIComponent(token ?? client.csrfToken ?? '')}`,
    await encoded.blob(),
    { headers: { 'Content-Type': type } },
  );
}

/** Uploads and returns the new import's id (the upload must succeed). */
export async function uploaded(client: TestClient, content: string | Uint8Array): Promise<number> {
  const response = await upload(client, content);
  if (response.status !== 303)
    throw new Error(`upload: ${response.status} ${await response.text()}`);
  return Number(response.headers.get('Location')!.split('/').at(-1));
}

/** Runs queued jobs until none is left, `size` rows a batch. */
export async function runJobs(db: DB, size = 7, registry: JobRegistry = JOBS): Promise<void> {
  const options = {
    ...jobOptions(db),
    owner: 'test',
    batchSize: size,
    maxBatch: size,
    budgetMs: Infinity,
  };
  while (await runNextJob(db, registry, options));
}

/** A signed-in member's empty book, with ways to start an import and read the results. */
export async function book() {
  const test = await setup('Ida Importer');
  const customers = () =>
    test.db
      .selectFrom('customers')
      .selectAll()
      .where('workspace_id', '=', test.me.workspaceId)
      .orderBy('id')
      .execute();
  const start = (id: number, form: Record<string, string>) =>
    test.client.post(`/customers/import/${id}`, form);
  const importRow = (id: number) =>
    test.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { ...test, customers, start, importRow };
}

/** The mapping form as the page renders it (the guesses), with changes. */
export async function mappingForm(client: TestClient, id: number) {
  const html = await (await client.get(`/customers/import/${id}`)).text();
  const form: Record<string, string> = {};
  for (const select of parse(html).querySelectorAll('select[name^="col"]'))
    form[select.getAttribute('name')!] =
      select.querySelector('option[selected]')?.getAttribute('value') ?? '';
  return { html, form };
}
