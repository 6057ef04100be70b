import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoutingStrategy } from '@cc/shared';
import type { AgentPresence, WaitingCall } from './acd-model.ts';
import {
  chooseAgent,
  effectivePriority,
  estimateWaitSeconds,
  planOffers,
  queuePositions,
  type RoutingContext,
  type RoutingQueue,
} from './routing.ts';

const t0 = new Date('2026-01-01T10:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const ENGLISH = '00000000-0000-4000-8000-00000000000e';
const BILLING = '00000000-0000-4000-8000-00000000000b';

function agent(userId: string, idleAt: number, over: Partial<AgentPresence> = {}): AgentPresence {
  return {
    userId,
    displayName: userId,
    memberships: [{ queueId: 'q1', tier: 1 }],
    skills: [],
    status: 'available',
    since: at(idleAt),
    idleSince: at(idleAt),
    reason: null,
    callId: null,
    wrapUpEndsAt: null,
    missedOffers: 0,
    answeredToday: 0,
    answeredOn: '2026-01-01',
    lastOfferedAt: {},
    ...over,
  };
}
function call(callId: string, sequence: number, over: Partial<WaitingCall> = {}): WaitingCall {
  return {
    callId,
    queueId: 'q1',
    queueName: 'support',
    callerLabel: 'x',
    queuedAt: at(sequence),
    enteredQueueAt: at(sequence),
    sequence,
    priority: 0,
    nodeId: 'n1',
    overflowHops: 0,
    offeredTo: null,
    offerExpiresAt: null,
    triedAgentIds: [],
    ...over,
  };
}
function queue(id: string, over: Partial<RoutingQueue> = {}): RoutingQueue {
  return { id, strategy: 'longest-idle', requiredSkills: [], priority: 0, priorityAgingPerMinute: 0, ...over };
}
function ctx(queues: RoutingQueue[] = [queue('q1')], nowS = 100, random = () => 0): RoutingContext {
  return { queues: new Map(queues.map((q) => [q.id, q])), now: at(nowS), today: at(nowS).toISOString().slice(0, 10), random };
}
const withStrategy = (strategy: RoutingStrategy, over: Partial<RoutingQueue> = {}) => ctx([queue('q1', { strategy, ...over })]);

test('the longest idle agent gets the oldest call', () => {
  const offers = planOffers([call('c2', 2), call('c1', 1)], [agent('recent', 50), agent('idle-longest', 10)], ctx());
  assert.deepEqual(offers, [
    { callId: 'c1', agentId: 'idle-longest' },
    { callId: 'c2', agentId: 'recent' },
  ]);
});

test('customers wait in order when there are fewer agents than calls', () => {
  const offers = planOffers([call('c1', 1), call('c2', 2), call('c3', 3)], [agent('a', 5)], ctx());
  assert.deepEqual(offers, [{ callId: 'c1', agentId: 'a' }]);
});

test('busy, away and non-member agents are not offered calls', () => {
  const agents = [
    agent('busy', 1, { status: 'on-call' }),
    agent('away', 2, { status: 'away' }),
    agent('wrapping', 3, { status: 'wrap-up' }),
    agent('other-queue', 4, { memberships: [{ queueId: 'q2', tier: 1 }] }),
  ];
  assert.deepEqual(planOffers([call('c1', 1)], agents, ctx()), []);
});

test('a ringing call is not offered twice', () => {
  assert.deepEqual(planOffers([call('c1', 1, { offeredTo: 'x' })], [agent('a', 1)], ctx()), []);
});

test('an agent who let the call ring out is passed over while another is free, then tried again', () => {
  const c = call('c1', 1, { triedAgentIds: ['a'] });
  assert.deepEqual(planOffers([c], [agent('a', 1), agent('b', 5)], ctx()), [{ callId: 'c1', agentId: 'b' }]);
  assert.deepEqual(planOffers([c], [agent('a', 1)], ctx()), [{ callId: 'c1', agentId: 'a' }]);
});

test('tier 1 members are offered before tier 2, whoever has been idle longer', () => {
  const agents = [
    agent('tier2-idle-longest', 1, { memberships: [{ queueId: 'q1', tier: 2 }] }),
    agent('tier1', 50, { memberships: [{ queueId: 'q1', tier: 1 }] }),
  ];
  assert.deepEqual(planOffers([call('c1', 1)], agents, ctx()), [{ callId: 'c1', agentId: 'tier1' }]);
  // With tier 1 busy, tier 2 takes it.
  agents[1]!.status = 'on-call';
  assert.deepEqual(planOffers([call('c1', 1)], agents, ctx()), [{ callId: 'c1', agentId: 'tier2-idle-longest' }]);
});

test('round-robin offers to the agent offered a call from this queue least recently', () => {
  const agents = [
    agent('idle-longest-but-just-offered', 1, { lastOfferedAt: { q1: at(90).getTime() } }),
    agent('offered-long-ago', 50, { lastOfferedAt: { q1: at(10).getTime(), q2: at(99).getTime() } }),
  ];
  assert.equal(chooseAgent(call('c1', 1), agents, withStrategy('round-robin'))?.userId, 'offered-long-ago');
  agents.push(agent('never-offered', 60));
  assert.equal(chooseAgent(call('c1', 1), agents, withStrategy('round-robin'))?.userId, 'never-offered');
});

test('fewest-calls offers to the agent who answered the fewest today; older days count zero', () => {
  const agents = [
    agent('busy-today', 1, { answeredToday: 9, answeredOn: '2026-01-01' }),
    agent('quiet-today', 50, { answeredToday: 2, answeredOn: '2026-01-01' }),
    agent('busy-yesterday', 60, { answeredToday: 40, answeredOn: '2025-12-31' }),
  ];
  assert.equal(chooseAgent(call('c1', 1), agents, withStrategy('fewest-calls'))?.userId, 'busy-yesterday');
  agents.pop();
  assert.equal(chooseAgent(call('c1', 1), agents, withStrategy('fewest-calls'))?.userId, 'quiet-today');
});

test('random picks among eligible agents by the injected random number', () => {
  const agents = [agent('a', 1), agent('b', 2), agent('c', 3), agent('not-member', 4, { memberships: [] })];
  const picks = [0, 0.34, 0.99].map((r) => chooseAgent(call('c1', 1), agents, ctx([queue('q1', { strategy: 'random' })], 100, () => r))?.userId);
  assert.deepEqual(picks, ['a', 'b', 'c']);
});

test('skills-based: only agents meeting every minimum level, the best skilled first, then longest idle', () => {
  const requiredSkills = [
    { skillId: ENGLISH, minLevel: 5 },
    { skillId: BILLING, minLevel: 3 },
  ];
  const agents = [
    agent('no-billing', 1, { skills: [{ skillId: ENGLISH, level: 10 }] }),
    agent('too-weak', 2, { skills: [{ skillId: ENGLISH, level: 4 }, { skillId: BILLING, level: 10 }] }),
    agent('good', 3, { skills: [{ skillId: ENGLISH, level: 6 }, { skillId: BILLING, level: 4 }] }),
    agent('expert', 90, { skills: [{ skillId: ENGLISH, level: 9 }, { skillId: BILLING, level: 8 }] }),
  ];
  assert.equal(chooseAgent(call('c1', 1), agents, withStrategy('skills-based', { requiredSkills }))?.userId, 'expert');
  agents.pop();
  assert.equal(chooseAgent(call('c1', 1), agents, withStrategy('skills-based', { requiredSkills }))?.userId, 'good');
  agents.pop();
  assert.equal(chooseAgent(call('c1', 1), agents, withStrategy('skills-based', { requiredSkills })), undefined);
});

test('required skills narrow every strategy, not only skills-based', () => {
  const requiredSkills = [{ skillId: ENGLISH, minLevel: 5 }];
  const agents = [agent('unskilled-idle-longest', 1), agent('skilled', 50, { skills: [{ skillId: ENGLISH, level: 5 }] })];
  assert.equal(chooseAgent(call('c1', 1), agents, withStrategy('longest-idle', { requiredSkills }))?.userId, 'skilled');
});

test('a higher-priority queue is served first, and waiting raises a call’s priority (aging)', () => {
  const queues = [queue('low', { priority: 0, priorityAgingPerMinute: 2 }), queue('high', { priority: 10 })];
  const shared = agent('a', 1, { memberships: [{ queueId: 'low', tier: 1 }, { queueId: 'high', tier: 1 }] });
  const old = call('old-low', 1, { queueId: 'low', queuedAt: at(0) });
  const fresh = call('new-high', 2, { queueId: 'high', queuedAt: at(100) });
  // At t=100 s the low call has aged 2 × 1.67 = 3.3: still below 10.
  assert.deepEqual(planOffers([old, fresh], [shared], ctx(queues, 100)), [{ callId: 'new-high', agentId: 'a' }]);
  // After six minutes it has aged past 10 and goes first.
  assert.ok(effectivePriority(old, queues[0], at(360)) > 10);
  assert.deepEqual(planOffers([old, fresh], [shared], ctx(queues, 360)), [{ callId: 'old-low', agentId: 'a' }]);
});

test('positions count only the calls of the same queue, in the order they will be served', () => {
  const calls = [call('a1', 1), call('b1', 2, { queueId: 'q2' }), call('a2', 3), call('vip', 4, { priority: 50 })];
  assert.deepEqual(
    [...queuePositions(calls, 'q1', ctx())],
    [
      ['vip', 1],
      ['a1', 2],
      ['a2', 3],
    ],
  );
});

test('the wait estimate: zero with a free agent, the queue’s share of handle time otherwise, unknown unstaffed', () => {
  assert.equal(estimateWaitSeconds({ position: 1, staffedAgents: 2, freeAgents: 1, averageHandleSeconds: 120 }), 0);
  assert.equal(estimateWaitSeconds({ position: 3, staffedAgents: 2, freeAgents: 0, averageHandleSeconds: 120 }), 180);
  assert.equal(estimateWaitSeconds({ position: 1, staffedAgents: 0, freeAgents: 0, averageHandleSeconds: 120 }), null);
});
