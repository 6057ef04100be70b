import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.ts';
import type { AgentPresence, WaitingCall } from './acd-model.ts';
import { HANDLE_TIME_WEIGHT, staffedStatuses, type AcdLiveState, type NodeMessage } from './live-state.ts';
import { reviveCall } from './node-messages.ts';

/**
 * Pairs a call and an agent only if neither is paired: the one atomic step that keeps
 * an agent from two calls and a call from two agents, whatever the nodes do.
 * KEYS: call claims, agent claims. ARGV: callId, agentId.
 */
const CLAIM = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
return 1`;

/** KEYS: call claims, agent claims. ARGV: callId. Returns the agent it was paired with. */
const RELEASE_CALL = `
local agent = redis.call('HGET', KEYS[1], ARGV[1])
if not agent then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HGET', KEYS[2], agent) == ARGV[1] then redis.call('HDEL', KEYS[2], agent) end
return agent`;

/** KEYS: call claims, agent claims. ARGV: agentId. Returns the call it was paired with. */
const RELEASE_AGENT = `
local call = redis.call('HGET', KEYS[2], ARGV[1])
if not call then return false end
redis.call('HDEL', KEYS[2], ARGV[1])
if redis.call('HGET', KEYS[1], call) == ARGV[1] then redis.call('HDEL', KEYS[1], call) end
return call`;

/**
 * Writes an agent and keeps the per-queue sets of available and of staffed agents in step
 * (the old memberships read from the stored JSON), and the wrap-up deadlines in a sorted
 * set. KEYS: agents, available agents, wrap-up ends. ARGV: userId, json, "1" if available,
 * available-set prefix, staffed-set prefix, "1" if staffed, wrap-up end (ms) or "",
 * queue ids...
 * (Queue-set keys are built here, so this assumes one Redis, not a cluster.)
 */
const PUT_AGENT = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then
  for _, m in ipairs(cjson.decode(old).memberships) do
    redis.call('SREM', ARGV[4] .. m.queueId, ARGV[1])
    redis.call('SREM', ARGV[5] .. m.queueId, ARGV[1])
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] == '1' then redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) else redis.call('HDEL', KEYS[2], ARGV[1]) end
if ARGV[7] == '' then redis.call('ZREM', KEYS[3], ARGV[1]) else redis.call('ZADD', KEYS[3], ARGV[7], ARGV[1]) end
for i = 8, #ARGV do
  if ARGV[3] == '1' then redis.call('SADD', ARGV[4] .. ARGV[i], ARGV[1]) end
  if ARGV[6] == '1' then redis.call('SADD', ARGV[5] .. ARGV[i], ARGV[1]) end
end
return 1`;

/** KEYS: lock. ARGV: token. Deletes the lock only if this holder still has it. */
const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** KEYS: handle times. ARGV: queueId, seconds, weight. A rolling average, updated in place. */
const HANDLE_TIME = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
local v = tonumber(ARGV[2])
if old then v = tonumber(old) + tonumber(ARGV[3]) * (v - tonumber(old)) end
redis.call('HSET', KEYS[1], ARGV[1], tostring(v))
return tostring(v)`;

type Scripted = Redis & {
  ccPutAgent(agents: string, available: string, wrapUps: string, ...args: string[]): Promise<number>;
  ccClaim(k1: string, k2: string, callId: string, agentId: string): Promise<number>;
  ccReleaseCall(k1: string, k2: string, callId: string): Promise<string | null>;
  ccReleaseAgent(k1: string, k2: string, agentId: string): Promise<string | null>;
  ccUnlock(lock: string, token: string): Promise<number>;
  ccHandleTime(key: string, queueId: string, seconds: string, weight: string): Promise<string>;
};

export interface RedisLiveStateOptions {
  url: string;
  /** Key prefix: several deployments (or test runs) can share one Redis. Default "cc:". */
  prefix?: string;
  /** A decision holding the lock longer than this loses it (a node froze or died). Default 10 s. */
  lockTtlMs?: number;
  log: Logger;
}

/**
 * The ACD's live state in Redis, shared by every node. Agents and waiting calls are
 * JSON in hashes (available agents mirrored in their own hash, which routing reads);
 * decisions are serialised by a lock with a fencing token; claims are Lua scripts;
 * node messages go over pub/sub.
 */
export class RedisAcdLiveState implements AcdLiveState {
  private readonly redis: Scripted;
  private subscriber: Redis | undefined;
  private readonly k: Record<
    'agents' | 'available' | 'availableIn' | 'staffedIn' | 'wrapUps' | 'calls' | 'seq' | 'lock' | 'callClaims' | 'agentClaims' | 'callNodes' | 'nodes' | 'handle',
    string
  >;
  private readonly channelPrefix: string;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly lockTtlMs: number;

  constructor(private readonly options: RedisLiveStateOptions) {
    const p = options.prefix ?? 'cc:';
    this.k = {
      agents: `${p}acd:agents`,
      available: `${p}acd:available`,
      availableIn: `${p}acd:available-in:`,
      staffedIn: `${p}acd:staffed-in:`,
      wrapUps: `${p}acd:wrap-up-ends`,
      calls: `${p}acd:calls`,
      seq: `${p}acd:seq`,
      lock: `${p}acd:lock`,
      callClaims: `${p}acd:claims:call`,
      agentClaims: `${p}acd:claims:agent`,
      callNodes: `${p}acd:call-nodes`,
      nodes: `${p}acd:nodes`,
      handle: `${p}acd:handle-seconds`,
    };
    this.channelPrefix = `${p}acd:node:`;
    this.lockTtlMs = options.lockTtlMs ?? 10_000;
    const redis = new Redis(options.url, { maxRetriesPerRequest: 3, lazyConnect: false });
    redis.on('error', (err) => options.log.error({ err }, 'redis error'));
    redis.defineCommand('ccPutAgent', { numberOfKeys: 3, lua: PUT_AGENT });
    redis.defineCommand('ccClaim', { numberOfKeys: 2, lua: CLAIM });
    redis.defineCommand('ccReleaseCall', { numberOfKeys: 2, lua: RELEASE_CALL });
    redis.defineCommand('ccReleaseAgent', { numberOfKeys: 2, lua: RELEASE_AGENT });
    redis.defineCommand('ccUnlock', { numberOfKeys: 1, lua: UNLOCK });
    redis.defineCommand('ccHandleTime', { numberOfKeys: 1, lua: HANDLE_TIME });
    this.redis = redis as Scripted;
  }

  /** The connection, for the socket.io adapter and health checks to share. */
  get client(): Redis {
    return this.redis;
  }

  async getAgent(userId: string) {
    const raw = await this.redis.hget(this.k.agents, userId);
    return raw ? reviveAgent(raw) : undefined;
  }
  async putAgent(agent: AgentPresence) {
    await this.redis.ccPutAgent(
      this.k.agents,
      this.k.available,
      this.k.wrapUps,
      agent.userId,
      JSON.stringify(agent),
      agent.status === 'available' ? '1' : '0',
      this.k.availableIn,
      this.k.staffedIn,
      staffedStatuses.has(agent.status) ? '1' : '0',
      agent.status === 'wrap-up' && agent.wrapUpEndsAt ? String(agent.wrapUpEndsAt.getTime()) : '',
      ...agent.memberships.map((m) => m.queueId),
    );
  }
  async listAgents() {
    return (await this.redis.hvals(this.k.agents)).map(reviveAgent);
  }
  async listAvailableAgents(queueIds: readonly string[]) {
    if (queueIds.length === 0) return [];
    const ids = await this.redis.sunion(...queueIds.map((q) => this.k.availableIn + q));
    if (ids.length === 0) return [];
    const raws = await this.redis.hmget(this.k.available, ...ids);
    return raws.filter((r): r is string => r !== null).map(reviveAgent);
  }
  async listWrapUpsDue(now: Date) {
    const ids = await this.redis.zrangebyscore(this.k.wrapUps, '-inf', now.getTime());
    if (ids.length === 0) return [];
    const raws = await this.redis.hmget(this.k.agents, ...ids);
    return raws.filter((r): r is string => r !== null).map(reviveAgent);
  }
  async staffingOf(queueId: string) {
    const [staffed, free] = await Promise.all([
      this.redis.scard(this.k.staffedIn + queueId),
      this.redis.scard(this.k.availableIn + queueId),
    ]);
    return { staffed, free };
  }
  async getCall(callId: string) {
    const raw = await this.redis.hget(this.k.calls, callId);
    return raw ? reviveCall(JSON.parse(raw)) : undefined;
  }
  async putCall(call: WaitingCall) {
    await this.redis.hset(this.k.calls, call.callId, JSON.stringify(call));
  }
  async deleteCall(callId: string) {
    await this.redis.hdel(this.k.calls, callId);
  }
  async listCalls() {
    const calls = (await this.redis.hvals(this.k.calls)).map((raw) => reviveCall(JSON.parse(raw)));
    return calls.sort((a, b) => a.sequence - b.sequence);
  }
  async nextSequence() {
    return this.redis.incr(this.k.seq);
  }

  /** One decision at a time on this node (a local chain), and across nodes (the lock). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(
      () => this.underLock(work),
      () => this.underLock(work),
    );
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async underLock<T>(work: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    for (let attempt = 0; ; attempt++) {
      const ok = await this.redis.set(this.k.lock, token, 'PX', this.lockTtlMs, 'NX');
      if (ok === 'OK') break;
      // Back off a little, with jitter, so that three nodes do not retry in lockstep.
      await sleep(Math.min(20, 1 + attempt) * (0.5 + Math.random()));
    }
    try {
      return await work();
    } finally {
      await this.redis.ccUnlock(this.k.lock, token).catch((err) => this.options.log.error({ err }, 'unlock failed'));
    }
  }

  async claim(callId: string, agentId: string) {
    return (await this.redis.ccClaim(this.k.callClaims, this.k.agentClaims, callId, agentId)) === 1;
  }
  async releaseCall(callId: string) {
    return (await this.redis.ccReleaseCall(this.k.callClaims, this.k.agentClaims, callId)) ?? null;
  }
  async releaseAgent(agentId: string) {
    return (await this.redis.ccReleaseAgent(this.k.callClaims, this.k.agentClaims, agentId)) ?? null;
  }
  async claimOf(agentId: string) {
    return this.redis.hget(this.k.agentClaims, agentId);
  }

  async setCallNode(callId: string, nodeId: string) {
    await this.redis.hset(this.k.callNodes, callId, nodeId);
  }
  async clearCallNode(callId: string) {
    await this.redis.hdel(this.k.callNodes, callId);
  }
  async callNode(callId: string) {
    return this.redis.hget(this.k.callNodes, callId);
  }
  async listCallNodes() {
    return new Map(Object.entries(await this.redis.hgetall(this.k.callNodes)));
  }
  async heartbeat(nodeId: string, ttlMs: number) {
    await this.redis.zadd(this.k.nodes, Date.now() + ttlMs, nodeId);
  }
  async liveNodes() {
    return new Set(await this.redis.zrangebyscore(this.k.nodes, Date.now(), '+inf'));
  }

  async recordHandleTime(queueId: string, seconds: number) {
    await this.redis.ccHandleTime(this.k.handle, queueId, String(seconds), String(HANDLE_TIME_WEIGHT));
  }
  async averageHandleSeconds(queueId: string) {
    const raw = await this.redis.hget(this.k.handle, queueId);
    return raw === null ? null : Number(raw);
  }

  async publish(nodeId: string, message: NodeMessage) {
    await this.redis.publish(this.channelPrefix + nodeId, JSON.stringify(message));
  }
  async subscribe(nodeId: string, onMessage: (message: NodeMessage) => void) {
    if (!this.subscriber) {
      this.subscriber = this.redis.duplicate();
      this.subscriber.on('error', (err) => this.options.log.error({ err }, 'redis subscriber error'));
    }
    this.subscriber.on('message', (_channel: string, raw: string) => {
      try {
        onMessage(JSON.parse(raw) as NodeMessage);
      } catch (err) {
        this.options.log.warn({ err }, 'malformed ACD node message dropped');
      }
    });
    await this.subscriber.subscribe(this.channelPrefix + nodeId, `${this.channelPrefix}*`);
  }

  async close() {
    this.subscriber?.disconnect();
    // Quit politely, but never wait for ever on a Redis that has gone away.
    await Promise.race([this.redis.quit().catch(() => undefined), sleep(1_000)]);
    this.redis.disconnect();
  }
}

function reviveAgent(raw: string): AgentPresence {
  const a = JSON.parse(raw) as AgentPresence & { since: string; idleSince: string; wrapUpEndsAt: string | null };
  return {
    ...a,
    since: new Date(a.since),
    idleSince: new Date(a.idleSince),
    wrapUpEndsAt: a.wrapUpEndsAt ? new Date(a.wrapUpEndsAt) : null,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
