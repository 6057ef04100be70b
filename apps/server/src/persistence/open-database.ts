import { join } from 'node:path';
import type { Database } from './database.ts';
import { runMigrations } from './migrations.ts';
import { openPgliteDatabase } from './pglite-database.ts';
import { openPostgresDatabase } from './postgres-database.ts';

/**
 * DATABASE_URL set: that Postgres. Otherwise PGlite in `dataDir/pg`, or in memory
 * when `dataDir` is null. Migrations run before anything else touches it.
 */
export async function openDatabase(options: { url: string | undefined; dataDir: string | null }): Promise<Database> {
  const db = options.url
    ? await openPostgresDatabase(options.url)
    : await openPgliteDatabase(options.dataDir ? join(options.dataDir, 'pg') : undefined);
  await runMigrations(db);
  return db;
}
