import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgentPresence, WaitingCall } from './acd-model.ts';
import { planOffers, queuePositions } from './routing.ts';

const t0 = new Date('2026-01-01T10:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);

function agent(userId: string, idleAt: number, over: Partial<AgentPresence> = {}): AgentPresence {
  return {
    userId,
    displayName: userId,
    queueIds: ['q1'],
    status: 'available',
    since: at(idleAt),
    idleSince: at(idleAt),
    reason: null,
    callId: null,
    wrapUpEndsAt: null,
    missedOffers: 0,
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
    sequence,
    offeredTo: null,
    offerExpiresAt: null,
    triedAgentIds: [],
    ...over,
  };
}

test('the longest idle agent gets the oldest call', () => {
  const offers = planOffers([call('c2', 2), call('c1', 1)], [agent('recent', 50), agent('idle-longest', 10)]);
  assert.deepEqual(offers, [
    { callId: 'c1', agentId: 'idle-longest' },
    { callId: 'c2', agentId: 'recent' },
  ]);
});

test('customers wait in order when there are fewer agents than calls', () => {
  const offers = planOffers([call('c3', 3), call('c1', 1), call('c2', 2)], [agent('a', 0)]);
  assert.deepEqual(offers, [{ callId: 'c1', agentId: 'a' }]);
});

test('busy, away and non-member agents are not offered calls', () => {
  const offers = planOffers(
    [call('c1', 1)],
    [agent('busy', 0, { status: 'on-call' }), agent('away', 0, { status: 'away' }), agent('other', 0, { queueIds: ['q2'] })],
  );
  assert.deepEqual(offers, []);
});

test('a ringing call is not offered twice', () => {
  assert.deepEqual(planOffers([call('c1', 1, { offeredTo: 'x' })], [agent('a', 0)]), []);
});

test('an agent who let the call ring out is passed over while another is free, then tried again', () => {
  const c = call('c1', 1, { triedAgentIds: ['a'] });
  assert.deepEqual(planOffers([c], [agent('a', 0), agent('b', 5)]), [{ callId: 'c1', agentId: 'b' }]);
  assert.deepEqual(planOffers([c], [agent('a', 0)]), [{ callId: 'c1', agentId: 'a' }]);
});

test('positions count only the calls of the same queue, in arrival order', () => {
  const positions = queuePositions([call('c2', 2), call('other', 1, { queueId: 'q2' }), call('c1', 1)], 'q1');
  assert.deepEqual([...positions], [
    ['c1', 1],
    ['c2', 2],
  ]);
});
