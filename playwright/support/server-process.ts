import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { spawnServer } from '../../apps/server/test/spawn-server.ts';


/**
 * The real server, started the way `npm start` does, on a free port, over a fresh
 * database of its own on the test PostgreSQL (TEST_DATABASE_URL), seeded with the demo.
 */
export async function startServerProcess(env: Record<string, string> = {}) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL must name a PostgreSQL server (scripts/test.sh starts one)');
  const dbName = `cc_e2e_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;

  const dataDir = mkdtempSync(join(tmpdir(), 'cc-e2e-'));
  const server = await spawnServer(
    {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl.toString(),
      SEED_DEMO: 'true',
      DATA_DIR: dataDir,
      RTC_PORT: String(25000 + (process.pid % 100) * 10),
      // mediasoup's loopback ports stay clear of the fixed ports baresip is given (17000-19000).
      MEDIA_PORT_MIN: '40000',
      MEDIA_PORT_MAX: '59999',
      LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? 'warn',
      ...env,
    },
    { echo: Boolean(process.env.E2E_SERVER_LOG) },
  );
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  await db.connect();
  return {
    url: server.url,
    db,
    pid: server.process.pid!,
    /** The server's DATA_DIR: its recordings are under `recordings/`. */
    dataDir,
    output: server.output,
    async stop() {
      await db.end();
      await server.kill('SIGTERM');
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    },
  };
}

export type ServerProcess = Awaited<ReturnType<typeof startServerProcess>>;

/**
 * The SIP gateway's port, from its "SIP gateway listening" log line (pino JSON, level
 * info: start the server with LOG_LEVEL at info or below, and SIP_ENABLED=true).
 */
export async function sipGatewayPort(server: ServerProcess, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const line of server.output().split('\n')) {
      if (!line.includes('"SIP gateway listening"')) continue;
      const port = (JSON.parse(line) as { port?: unknown }).port;
      if (typeof port === 'number') return port;
    }
    if (Date.now() > deadline) throw new Error(`the server did not say where SIP listens:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
