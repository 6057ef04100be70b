import { randomBytes } from 'node:crypto';
import type { ClientToServerEvents, ServerToClientEvents } from '@cc/shared';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { createServerApp, type ServerApp } from '../src/app.ts';
import { loadConfig } from '../src/config/config.ts';
import type { Database } from '../src/persistence/database.ts';
import { openDatabase } from '../src/persistence/open-database.ts';
import { seedDemo } from '../src/persistence/seed.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

// Below the kernel's ephemeral range (32768+), where an outgoing connection could take the port first.
let nextRtcPort = 21000 + (process.pid % 50) * 40;

/**
 * A real server (mediasoup workers, socket.io, Fastify) on a free port, over an
 * in-memory PGlite database seeded with the demo — or TEST_DATABASE_URL's Postgres.
 */
export async function startTestServer(
  overrides: Record<string, string> = {},
  options: { queryDelayMs?: number } = {},
) {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SESSION_SECRET: randomBytes(24).toString('hex'),
    MEDIA_WORKERS: '1',
    RTC_PORT: String((nextRtcPort += 2)),
    // mediasoup's loopback ports stay clear of the fixed ports tests give SIPp and baresip (16000-29999).
    MEDIA_PORT_MIN: '40000',
    MEDIA_PORT_MAX: '59999',
    RING_TIMEOUT_MS: '5000',
    WRAP_UP_MS: '2000',
    RECONNECT_GRACE_MS: '300',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: '/tmp/cc-test-unused',
    SIP_ENABLED: 'false',
    ...overrides,
  });
  const db: Database = await openDatabase({ url: undefined, dataDir: null });
  await seedDemo(db, config.acdDefaults);
  const log = pino({ level: config.logLevel });
  const served = options.queryDelayMs ? withQueryDelay(db, options.queryDelayMs) : db;
  const app: ServerApp = await createServerApp({ config, db: served, log });
  const port = await app.listen();
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    db,
    url,
    async login(username: string, password = 'demo') {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      return { status: res.status, body: (await res.json()) as any };
    },
    async widgetSession(queue = 'support') {
      const res = await fetch(`${url}/api/widget/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ queue }),
      });
      return { status: res.status, body: (await res.json()) as any };
    },
    async connect(token: string): Promise<ClientSocket> {
      const socket: ClientSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** The same database, answering every query a little late: a slow or distant Postgres. */
function withQueryDelay(db: Database, ms: number): Database {
  const late = <T>(work: () => Promise<T>) => sleep(ms).then(work);
  return {
    kind: db.kind,
    query: (sql, params) => late(() => db.query(sql, params)),
    exec: (sql) => late(() => db.exec(sql)),
    transaction: (work) => late(() => db.transaction(work)),
    close: () => db.close(),
  } as Database;
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** Waits for the next event of a kind that matches, or fails after a while. */
export function nextEvent<K extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: K,
  match: (payload: Parameters<ServerToClientEvents[K]>[0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[K]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      (socket.off as Function)(event, listener);
      reject(new Error(`no ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: any) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      (socket.off as Function)(event, listener);
      resolve(payload);
    };
    (socket.on as Function)(event, listener);
  });
}

/** Sends a command and returns its acknowledgement. */
export function command(socket: ClientSocket, name: string, payload: unknown): Promise<any> {
  return (socket.timeout(5000) as any).emitWithAck(name, payload);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
