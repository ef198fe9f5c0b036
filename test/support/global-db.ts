import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEphemeralServer } from '@repo/dev-db';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server URL without a database, e.g. mysql://root@127.0.0.1:40123 */
    databaseUrl: string;
  }
}

/**
 * One real server for the whole integration run: TEST_DATABASE_URL when set (a server you already have), else a
 * private MariaDB/MySQL on tmpfs, removed at the end (and by its watchdog if the run is killed).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) {
    const url = new URL(given);
    url.pathname = '';
    project.provide('databaseUrl', url.toString().replace(/\/$/, ''));
    return async () => {};
  }
  const root = join(import.meta.dirname, '..', '..');
  const server = await startEphemeralServer({ cacheDir: join(root, '.dev-db') });
  project.provide('databaseUrl', server.url);
  return () => server.stop();
}
