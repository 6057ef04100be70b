/**
 * Routing benchmark (run by hand; prints numbers, asserts nothing):
 *   node --import tsx bench/routing-bench.ts [memory|redis] [calls]
 * 10,000 agents in 1,000 queues, 50 skills; every queue has a strategy and one required
 * skill. Each enqueue is one ACD decision (admit, plan, claim, offer); we time them.
 * Redis mode needs REDIS_URL (or TEST_REDIS_URL) and uses a key prefix of its own.
 */
import { randomUUID } from 'node:crypto';
import { routingStrategies } from '@cc/shared';
import { pino } from 'pino';
import type { AgentPresence } from '../src/acd/acd-model.ts';
import { AcdService, type AcdQueue } from '../src/acd/acd-service.ts';
import { InMemoryAcdLiveState, type AcdLiveState } from '../src/acd/live-state.ts';
import { RedisAcdLiveState } from '../src/acd/redis-live-state.ts';

const mode = process.argv[2] ?? 'memory';
const CALLS = Number(process.argv[3] ?? 2000);
const AGENTS = 10_000;
const QUEUES = 1_000;
const SKILLS = 50;
const log = pino({ level: 'silent' });

// A fixed pseudo-random sequence, so that runs compare.
let seed = 42;
const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;

const skillIds = Array.from({ length: SKILLS }, () => randomUUID());
const queues: AcdQueue[] = Array.from({ length: QUEUES }, (_, i) => ({
  id: randomUUID(),
  name: `q${i}`,
  strategy: routingStrategies[i % routingStrategies.length]!,
  requiredSkills: [{ skillId: pick(skillIds), minLevel: 1 + Math.floor(rnd() * 4) }],
  priority: i % 3,
  priorityAgingPerMinute: 1,
  ringTimeoutMs: 600_000,
  wrapUpMs: 0,
  maxWaitingCalls: null,
  maxWaitMs: null,
  overflow: { kind: 'end' },
}));
const byId = new Map(queues.map((q) => [q.id, q]));

async function main() {
  const state: AcdLiveState =
    mode === 'redis'
      ? new RedisAcdLiveState({
          url: process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
          prefix: `cc-bench-${randomUUID().slice(0, 8)}:`,
          log,
        })
      : new InMemoryAcdLiveState();
  const acd = new AcdService(state, { nodeId: 'bench', queueOf: async (id) => byId.get(id) ?? null }, log);

  const now = new Date();
  const setupStart = performance.now();
  for (let i = 0; i < AGENTS; i++) {
    // Three queues each, with the skill each requires at some level (not always enough),
    // plus two more skills.
    const mine = [...new Set(Array.from({ length: 3 }, () => pick(queues)))];
    const skillLevels = new Map<string, number>();
    for (const skillId of [...mine.map((q) => q.requiredSkills[0]!.skillId), pick(skillIds), pick(skillIds)]) {
      skillLevels.set(skillId, 1 + Math.floor(rnd() * 10));
    }
    const agent: AgentPresence = {
      userId: `agent-${i}`,
      displayName: `Agent ${i}`,
      memberships: mine.map((q) => ({ queueId: q.id, tier: 1 + Math.floor(rnd() * 2) })),
      skills: [...skillLevels].map(([skillId, level]) => ({ skillId, level })),
      status: 'available',
      since: now,
      idleSince: new Date(now.getTime() - Math.floor(rnd() * 3_600_000)),
      reason: null,
      callId: null,
      wrapUpEndsAt: null,
      missedOffers: 0,
      answeredToday: Math.floor(rnd() * 30),
      answeredOn: now.toISOString().slice(0, 10),
      lastOfferedAt: {},
    };
    await state.putAgent(agent);
  }
  const setupSeconds = (performance.now() - setupStart) / 1000;

  let offered = 0;
  acd.on('call-offered', () => void (offered += 1));
  const latencies: number[] = [];
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const queue = pick(queues);
    const t = performance.now();
    await acd.enqueue({ callId: randomUUID(), queueId: queue.id, queueName: queue.name, callerLabel: 'bench', queuedAt: new Date() });
    latencies.push(performance.now() - t);
  }
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(2);
  const waiting = (await state.listCalls()).filter((c) => !c.offeredTo).length;
  console.log(
    JSON.stringify({
      mode,
      agents: AGENTS,
      queues: QUEUES,
      calls: CALLS,
      offered,
      stillWaiting: waiting,
      setupSeconds: Number(setupSeconds.toFixed(1)),
      decisionMs: { median: Number(q(0.5)), p99: Number(q(0.99)), max: Number(latencies.at(-1)!.toFixed(2)) },
      decisionsPerSecond: Math.round(CALLS / seconds),
      rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
    }),
  );
  acd.close();
  await state.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
