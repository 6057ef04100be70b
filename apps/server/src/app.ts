import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { AcdService } from './acd/acd-service.ts';
import { AgentStateRepository } from './acd/agent-state-repository.ts';
import { InMemoryAcdLiveState } from './acd/live-state.ts';
import { RedisAcdLiveState } from './acd/redis-live-state.ts';
import { createAdapter } from '@socket.io/redis-adapter';
import { AuthService } from './auth/auth-service.ts';
import { LoginRateLimiter } from './auth/login-rate-limiter.ts';
import { TokenService } from './auth/token-service.ts';
import { CallRecordRepository } from './calls/call-record-repository.ts';
import { CallService } from './calls/call-service.ts';
import type { Config } from './config/config.ts';
import { registerApiRoutes } from './http/api-routes.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { registerRestApi } from './http/rest-api.ts';
import { registerStaticApps } from './http/static-apps.ts';
import type { Logger } from './logging/logger.ts';
import { MediaService } from './media/media-service.ts';
import { WorkerPool } from './media/worker-pool.ts';
import type { Database } from './persistence/database.ts';
import { QueueRepository } from './queues/queue-repository.ts';
import { LocalDiskStore } from './recordings/local-disk-store.ts';
import { RecordingCipher } from './recordings/recording-cipher.ts';
import { RecordingRecovery } from './recordings/recording-recovery.ts';
import { RecordingRepository } from './recordings/recording-repository.ts';
import type { RecordingSessionDeps } from './recordings/recording-session.ts';
import { SkillRepository } from './skills/skill-repository.ts';
import { attachSignaling, createNotifier, createSignalingServer } from './signaling/socket-server.ts';
import { UserRepository } from './users/user-repository.ts';
import { tapCallChanges } from './live/call-change-tap.ts';
import { createLiveBroadcast } from './live/live-broadcast.ts';
import { createLiveHandlers } from './live/live-handlers.ts';
import { LiveView } from './live/live-view.ts';
import { exchangeNodeCalls } from './live/node-calls-exchange.ts';
import { PhoneNumberRepository } from './phone-numbers/phone-number-repository.ts';
import { TeamRepository } from './teams/team-repository.ts';
import { TrunkRepository } from './trunks/trunk-repository.ts';
import { startSipGateway } from './sip/start-sip-gateway.ts';
import type { SipGateway } from './sip/sip-gateway.ts';

export interface ServerApp {
  /** Listens on config.port (0 picks a free one); resolves with the bound port. */
  listen(): Promise<number>;
  /** Ends every call (recorded as server-shutdown), then stops media, sockets, HTTP. Idempotent. */
  close(): Promise<void>;
  readonly calls: CallService;
  readonly acd: AcdService;
  readonly media: MediaService;
  readonly pool: WorkerPool;
  readonly records: CallRecordRepository;
  /** What RecordingSession.start needs: this node's store, key and the metadata. */
  readonly recordings: RecordingSessionDeps;
  /** Null when SIP is disabled. */
  readonly sip: SipGateway | null;
}

/** The composition root: builds every service from its dependencies. Tests call it too. */
export async function createServerApp(deps: { config: Config; db: Database; log: Logger }): Promise<ServerApp> {
  const { config, db, log } = deps;
  const users = new UserRepository(db);
  const queues = new QueueRepository(db);
  const records = new CallRecordRepository(db);
  const tokens = new TokenService(config.sessionSecret, config.sessionTtlSeconds);
  const auth = new AuthService(users, tokens, new LoginRateLimiter());

  const pool = new WorkerPool(
    {
      workers: config.rtc.workers,
      listenIp: config.rtc.listenIp,
      announcedIp: config.rtc.announcedIp,
      basePort: config.rtc.port,
      mediaPorts: config.rtc.mediaPorts,
    },
    log.child({ subsystem: 'media' }),
  );
  await pool.start();
  const media = new MediaService(pool, log.child({ subsystem: 'media' }));

  const redisState = config.redisUrl
    ? new RedisAcdLiveState({ url: config.redisUrl, prefix: config.redisPrefix, log: log.child({ subsystem: 'redis' }) })
    : null;
  const acdState = redisState ?? new InMemoryAcdLiveState();
  const acd = new AcdService(
    acdState,
    {
      nodeId: config.nodeId,
      queueOf: (queueId) => queues.findById(queueId),
      timeZone: config.timeZone,
    },
    log.child({ subsystem: 'acd' }),
  );
  await acd.start();
  const recordings: RecordingSessionDeps = {
    store: new LocalDiskStore(config.recordings.dir),
    repository: new RecordingRepository(db),
    cipher: config.recordings.key ? new RecordingCipher(config.recordings.key) : null,
    nodeId: config.nodeId,
    log: log.child({ subsystem: 'recordings' }),
  };
  // Recordings a previous run or a dead node left unfinished are finalised before this
  // node records anything; other nodes' are looked at again from time to time.
  const recordingRecovery = new RecordingRecovery({
    ...recordings,
    isNodeAlive: async (nodeId) => (await acdState.liveNodes()).has(nodeId),
  });
  await recordingRecovery.recoverAtStart();
  recordingRecovery.startSweeping();
  const skills = new SkillRepository(db);
  const agentProfile = async (userId: string) => ({
    memberships: await queues.membershipsOf(userId),
    skills: await skills.levelsOf(userId),
  });

  const http: FastifyInstance = Fastify({
    loggerInstance: log.child({ subsystem: 'http' }) as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    trustProxy: true,
  });
  installErrorHandler(http);
  const io = createSignalingServer(http.server);
  // With Redis, events to a room reach its sockets on every node.
  const adapterClients = redisState ? [redisState.client.duplicate(), redisState.client.duplicate()] : [];
  for (const c of adapterClients) c.on('error', (err) => log.error({ err }, 'redis adapter connection error'));
  if (adapterClients.length === 2) io.adapter(createAdapter(adapterClients[0], adapterClients[1]));
  const live: LiveView = new LiveView({
    acd,
    calls: () => calls,
    media,
    db,
    nodeId: config.nodeId,
    timeZone: config.timeZone,
    broadcast: createLiveBroadcast(io),
    otherNodesCalls: exchangeNodeCalls(io, {
      multiNode: redisState !== null,
      localCalls: () => live.localCalls(),
      log: log.child({ subsystem: 'live' }),
    }),
    log: log.child({ subsystem: 'live' }),
  });
  const calls = new CallService({
    acd,
    media,
    records,
    agentStates: new AgentStateRepository(db),
    queues,
    // The live view hears every change of a call's state that its participants hear.
    notifier: tapCallChanges(createNotifier(io), () => live.callChanged()),
    nodeId: config.nodeId,
    log: log.child({ subsystem: 'calls' }),
    supervisedBy: (userId) => new TeamRepository(db).memberIdsSupervisedBy(userId),
    recording: {
      store: recordings.store,
      repository: recordings.repository,
      cipher: recordings.cipher,
      policyOf: async (queueId) => (await queues.recordingPolicyOf(queueId)) ?? 'none',
    },
  });
  const sip = config.sip
    ? await startSipGateway(config.sip, {
        calls,
        trunks: new TrunkRepository(db),
        numbers: new PhoneNumberRepository(db),
        log: log.child({ subsystem: 'sip' }),
      })
    : null;
  const signaling = attachSignaling(io, {
    tokens,
    users,
    agentProfile,
    acd,
    calls: () => calls,
    nodeId: config.nodeId,
    locateCall: (callId) => acdState.callNode(callId),
    media,
    agentGraceMs: config.reconnectGraceMs,
    customerGraceMs: Math.min(config.reconnectGraceMs, 5_000),
    moreHandlers: createLiveHandlers(live),
    log: log.child({ subsystem: 'signaling' }),
  });
  live.start();
  registerApiRoutes(http, {
    auth,
    tokens,
    queues,
    health: () => ({ calls: calls.activeCallIds().length, workers: pool.describe() }),
  });
  registerRestApi(http, {
    db,
    tokens,
    liveSource: live.source,
    timeZone: config.timeZone,
    // A signed-in agent's new queues and skills route their next call.
    onAgentProfileChanged: async (userId) => {
      await acd.updateProfile(userId, await agentProfile(userId)).catch((err) =>
        log.error({ err, userId }, 'agent profile not refreshed'),
      );
    },
    onQueueChanged: async (queueId) => acd.queueChanged(queueId),
    onTrunksChanged: async () => sip?.reloadTrunks(),
    trunkStatus: (trunkId) =>
      sip?.registrationStatus(trunkId) ?? {
        trunkId,
        state: 'not-applicable',
        lastError: null,
        expiresAt: null,
        lastRegisteredAt: null,
      },
    recordings: {
      store: recordings.store,
      cipher: recordings.cipher,
      agentAccess: config.recordings.agentAccess,
      urlSecret: config.sessionSecret,
    },
  });
  await registerStaticApps(http, config.staticRoots);

  let closing: Promise<void> | undefined;
  return {
    calls,
    acd,
    media,
    pool,
    records,
    recordings,
    sip,
    async listen() {
      await http.listen({ port: config.port, host: config.host });
      const address = http.server.address();
      return typeof address === 'object' && address ? address.port : config.port;
    },
    close() {
      closing ??= (async () => {
        const agents = await acd.listAgents();
        await calls.shutdown(agents.map((a) => a.userId));
        sip?.close();
        recordingRecovery.close();
        live.close();
        signaling.close();
        acd.close();
        io.close();
        for (const c of adapterClients) c.disconnect();
        await acdState.close();
        await http.close();
        pool.close();
      })();
      return closing;
    },
  };
}
