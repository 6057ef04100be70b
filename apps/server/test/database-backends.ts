import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import type { Database } from '../src/persistence/database.ts';
import { openPgliteDatabase } from '../src/persistence/pglite-database.ts';
import { openPostgresDatabase } from '../src/persistence/postgres-database.ts';

export interface DatabaseBackend {
  name: string;
  /** A fresh, empty database (not migrated) and a function that throws it away. */
  open: () => Promise<{ db: Database; drop: () => Promise<void> }>;
}

/**
 * PGlite always, and the real Postgres in TEST_DATABASE_URL (the test script starts
 * one; in CI it must be there). Each Postgres open gets a schema of its own, so runs
 * never see each other's rows.
 */
export function databaseBackends(): DatabaseBackend[] {
  const backends: DatabaseBackend[] = [
    {
      name: 'PGlite',
      open: async () => {
        const db = await openPgliteDatabase(undefined);
        return { db, drop: () => db.close() };
      },
    },
  ];
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    backends.push({
      name: 'PostgreSQL',
      open: async () => {
        const schema = `t_${randomUUID().replaceAll('-', '')}`;
        const admin = new pg.Client({ connectionString: pgUrl });
        await admin.connect();
        await admin.query(`create schema ${schema}`);
        const url = new URL(pgUrl);
        url.searchParams.set('options', `-c search_path=${schema}`);
        const db = await openPostgresDatabase(url.toString());
        return {
          db,
          drop: async () => {
            await db.close();
            await admin.query(`drop schema ${schema} cascade`);
            await admin.end();
          },
        };
      },
    });
  } else if (process.env.CI) {
    test('a real PostgreSQL is available in CI', () => assert.fail('TEST_DATABASE_URL is not set'));
  }
  return backends;
}
