// vitest globalSetup: with FOLIO_TEST_DB=postgres, the PostgreSQL the tests run on. DATABASE_URL_TEST
// names a server to use; without it a throwaway cluster is started here (initdb into a temp folder,
// a Unix socket, fsync off: cli/scratch-cluster.ts), and stopped and removed at the end. Either way one migrated template
// database is built, which every test database is cloned from (test-database.ts). Never skips
// silently: PostgreSQL missing and not installable is a failed run.
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { databaseUrl, startCluster } from '../cli/scratch-cluster.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the test server (its `postgres` database), and the template's name. */
    folioPostgres: { adminUrl: string; template: string } | null;
  }
}

const TEMPLATE = `folio_template_${process.pid}`;
const say = (line: string) => console.log(`[postgres for tests] ${line}`);

async function buildTemplate(adminUrl: string): Promise<void> {
  const admin = openDatabase({ dialect: 'postgres', url: adminUrl, poolMax: 1 });
  try {
    await sql`DROP DATABASE IF EXISTS ${sql.id(TEMPLATE)}`.execute(admin);
    await sql`CREATE DATABASE ${sql.id(TEMPLATE)} TEMPLATE template0 ENCODING 'UTF8'`.execute(
      admin,
    );
  } finally {
    await admin.destroy();
  }
  const started = Date.now();
  const template = openDatabase({
    dialect: 'postgres',
    url: databaseUrl(adminUrl, TEMPLATE),
    poolMax: 1,
  });
  try {
    await migrateToLatest(template);
  } finally {
    await template.destroy();
  }
  say(`template database ${TEMPLATE} migrated in ${Date.now() - started} ms`);
}

async function dropTemplate(adminUrl: string): Promise<void> {
  const admin = openDatabase({ dialect: 'postgres', url: adminUrl, poolMax: 1 });
  try {
    await sql`DROP DATABASE IF EXISTS ${sql.id(TEMPLATE)} WITH (FORCE)`.execute(admin);
  } finally {
    await admin.destroy();
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  if (process.env.FOLIO_TEST_DB !== 'postgres') {
    project.provide('folioPostgres', null);
    return;
  }
  const given = process.env.DATABASE_URL_TEST;
  const cluster = given ? null : startCluster();
  const adminUrl = given ?? cluster!.adminUrl;
  if (given) say('using the server in DATABASE_URL_TEST');
  try {
    await buildTemplate(adminUrl);
  } catch (error) {
    cluster?.stop();
    throw error;
  }
  project.provide('folioPostgres', { adminUrl, template: TEMPLATE });
  return async () => {
    if (cluster) cluster.stop();
    else await dropTemplate(adminUrl);
  };
}
