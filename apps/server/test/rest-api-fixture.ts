import Fastify from 'fastify';
import { TokenService } from '../src/auth/token-service.ts';
import { type RestApiDeps, registerRestApi } from '../src/http/rest-api.ts';
import { installErrorHandler } from '../src/http/error-handler.ts';
import type { LiveSource } from '../src/http/live-routes.ts';
import { runMigrations } from '../src/persistence/migrations.ts';
import { seedDemo } from '../src/persistence/seed.ts';
import { UserRepository } from '../src/users/user-repository.ts';
import type { DatabaseBackend } from './database-backends.ts';

export const SECRET = 'test-secret-that-is-long-enough-for-hs256';

type Agents = Awaited<ReturnType<LiveSource['listAgents']>>;
type Calls = Awaited<ReturnType<LiveSource['listWaitingCalls']>>;

/**
 * The REST API alone (no media, no sockets) over a migrated, seeded database of the
 * given backend, driven with Fastify's inject. Tokens are issued directly, so tests do
 * not pay bcrypt for every sign-in. `options` stand in for the SIP gateway and give the
 * recordings their store.
 */
export async function openRestApi(backend: DatabaseBackend, options: Pick<RestApiDeps, 'trunkStatus' | 'recordings'> = {}) {
  const { db, drop } = await backend.open();
  await runMigrations(db);
  await seedDemo(db, { ringTimeoutMs: 20_000, wrapUpMs: 15_000 });
  const tokens = new TokenService(SECRET, 3600);
  const live: { agents: Agents; calls: Calls } = { agents: [], calls: [] };
  const profileChanges: string[] = [];
  const queueChanges: string[] = [];
  const trunkChanges = { count: 0 };
  const app = Fastify({ logger: process.env.TEST_LOG_LEVEL ? { level: process.env.TEST_LOG_LEVEL } : false });
  installErrorHandler(app);
  const router = registerRestApi(app, {
    db,
    tokens,
    liveSource: { listAgents: async () => live.agents, listWaitingCalls: async () => live.calls },
    onAgentProfileChanged: (userId) => {
      profileChanges.push(userId);
    },
    onQueueChanged: (queueId) => {
      queueChanges.push(queueId);
    },
    onTrunksChanged: () => {
      trunkChanges.count++;
    },
    ...options,
  });
  await app.ready();
  const users = new UserRepository(db);

  return {
    db,
    app,
    router,
    tokens,
    live,
    profileChanges,
    queueChanges,
    trunkChanges,
    async idOf(username: string): Promise<string> {
      const user = await users.findByUsername(username);
      if (!user) throw new Error(`no user ${username}`);
      return user.id;
    },
    async tokenOf(username: string): Promise<string> {
      const user = await users.findByUsername(username);
      if (!user) throw new Error(`no user ${username}`);
      return (await tokens.issueUserToken(user)).token;
    },
    async request(method: string, url: string, token?: string | null, body?: unknown) {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: res.statusCode, body: res.body ? (res.json() as any) : null };
    },
    async close() {
      await app.close();
      await drop();
    },
  };
}

export type RestApi = Awaited<ReturnType<typeof openRestApi>>;
