import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { io } from 'socket.io-client';
import { openDatabase } from '../src/persistence/open-database.ts';
import { seedDemo } from '../src/persistence/seed.ts';
import type { ClientSocket } from './harness.ts';
import { spawnServer, type SpawnedServer } from './spawn-server.ts';

export interface ClusterNode extends SpawnedServer {
  id: string;
}

/**
 * Several real server processes (`src/main.ts`) sharing one fresh Postgres database
 * (on TEST_DATABASE_URL's server) and one Redis (TEST_REDIS_URL) under a key prefix of
 * their own, seeded with the demo.
 */
export async function startCluster(count: number, env: Record<string, string> = {}) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!adminUrl || !redisUrl) throw new Error('TEST_DATABASE_URL and TEST_REDIS_URL are required (scripts/test.sh starts both)');
  const dbName = `cc_nodes_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const seeded = await openDatabase({ url: dbUrl.toString(), dataDir: null });
  await seedDemo(seeded, { ringTimeoutMs: Number(env.RING_TIMEOUT_MS ?? 3000), wrapUpMs: Number(env.WRAP_UP_MS ?? 300) });
  await seeded.close();

  const shared = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: dbUrl.toString(),
    SEED_DEMO: 'false',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `cc-test-${randomUUID().slice(0, 8)}:`,
    SESSION_SECRET: randomBytes(24).toString('hex'),
    MEDIA_WORKERS: '1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    ...env,
  };
  const basePort = 24000 + (process.pid % 40) * 20; // below the ephemeral range
  const nodes = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      startNode(`node-${String.fromCharCode(97 + i)}`, {
        ...shared,
        NODE_ID: `node-${String.fromCharCode(97 + i)}`,
        RTC_PORT: String(basePort + i * 4),
        MEDIA_PORT_MIN: '40000',
        MEDIA_PORT_MAX: '59999',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'cc-node-')),
      }),
    ),
  );
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  await db.connect();
  return {
    nodes,
    db,
    redisPrefix: shared.REDIS_PREFIX,
    async stop() {
      await Promise.all(nodes.map((n) => n.kill('SIGTERM')));
      await db.end();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    },
  };
}

async function startNode(id: string, env: NodeJS.ProcessEnv): Promise<ClusterNode> {
  return { id, ...(await spawnServer(env, { label: id, echo: Boolean(process.env.TEST_NODE_LOG) })) };
}

export async function postJson(url: string, body: unknown, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

export async function getJson(url: string, token: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as any };
}

export async function connectSocket(url: string, token: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
  await new Promise<void>((ok, fail) => {
    socket.once('connect', () => ok());
    socket.once('connect_error', fail);
  });
  return socket;
}

export const quietLog = pino({ level: 'silent' });
