import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { pino } from 'pino';
import { AcdService, type AcdEvents, type AcdQueue } from './acd-service.ts';
import { InMemoryAcdLiveState } from './live-state.ts';

const log = pino({ level: 'silent' });
let acd: AcdService;
afterEach(() => acd?.close());

const Q1 = '00000000-0000-4000-8000-000000000001';
const Q2 = '00000000-0000-4000-8000-000000000002';
function queueSettings(id: string, over: Partial<AcdQueue> = {}): AcdQueue {
  return {
    id,
    name: id === Q1 ? 'support' : 'sales',
    strategy: 'longest-idle',
    requiredSkills: [],
    priority: 0,
    priorityAgingPerMinute: 0,
    ringTimeoutMs: 10_000,
    wrapUpMs: 10_000,
    maxWaitingCalls: null,
    maxWaitMs: null,
    overflow: { kind: 'end' },
    ...over,
  };
}

function makeAcd(
  timings: Partial<AcdQueue> = { ringTimeoutMs: 10_000, wrapUpMs: 10_000 },
  maxMissedOffers = 2,
  queues: AcdQueue[] = [],
) {
  const byId = new Map([Q1, Q2].map((id) => [id, queueSettings(id, timings)]));
  for (const q of queues) byId.set(q.id, q);
  acd = new AcdService(
    new InMemoryAcdLiveState(),
    { nodeId: 'n1', queueOf: async (id) => byId.get(id) ?? null, maxMissedOffers },
    log,
  );
  const offers: Array<{ callId: string; agentId: string }> = [];
  const ended: AcdEvents['offer-ended'][0][] = [];
  const overflowed: AcdEvents['call-overflowed'][0][] = [];
  acd.on('call-offered', ({ call, agentId }) => void offers.push({ callId: call.callId, agentId }));
  acd.on('offer-ended', (e) => void ended.push(e));
  acd.on('call-overflowed', (e) => void overflowed.push(e));
  return { acd, offers, ended, overflowed };
}
const call = (callId: string, queuedAt = new Date(), queueId = Q1) => ({
  callId,
  queueId,
  queueName: 'support',
  callerLabel: 'Web visitor',
  queuedAt,
});
async function availableAgent(acd: AcdService, userId: string, queueIds = [Q1]) {
  await acd.signIn({ userId, displayName: userId, memberships: queueIds.map((queueId) => ({ queueId, tier: 1 })), skills: [] });
  await acd.setStatus(userId, 'available');
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('an agent going available is offered the waiting call and rings', async () => {
  const { acd, offers } = makeAcd();
  await acd.enqueue(call('c1'));
  assert.equal(offers.length, 0);
  await availableAgent(acd, 'alice');
  assert.deepEqual(offers, [{ callId: 'c1', agentId: 'alice' }]);
  assert.equal((await acd.getAgent('alice'))?.status, 'ringing');
});

test('an agent is never offered two calls at once', async () => {
  const { acd, offers } = makeAcd();
  await availableAgent(acd, 'alice');
  await acd.enqueue(call('c1'));
  await acd.enqueue(call('c2'));
  assert.deepEqual(offers, [{ callId: 'c1', agentId: 'alice' }]);
});

test('answering makes the agent on-call; ending puts them in wrap-up; Ready frees them for the next caller', async () => {
  const { acd, offers } = makeAcd();
  await availableAgent(acd, 'alice');
  await acd.enqueue(call('c1'));
  await acd.enqueue(call('c2'));
  await acd.accept('alice', 'c1');
  assert.equal((await acd.getAgent('alice'))?.status, 'on-call');
  await acd.callEnded('alice', 'c1', Q1);
  const wrapping = await acd.getAgent('alice');
  assert.equal(wrapping?.status, 'wrap-up');
  assert.ok(wrapping?.wrapUpEndsAt);
  assert.equal(offers.length, 1, 'no offer during wrap-up');
  await acd.ready('alice');
  assert.deepEqual(offers.at(-1), { callId: 'c2', agentId: 'alice' });
});

test('wrap-up ends by itself when its timer runs out', async () => {
  const { acd } = makeAcd({ ringTimeoutMs: 10_000, wrapUpMs: 40 });
  await availableAgent(acd, 'alice');
  await acd.enqueue(call('c1'));
  await acd.accept('alice', 'c1');
  await acd.callEnded('alice', 'c1', Q1);
  await sleep(80);
  await acd.settled();
  const agent = await acd.getAgent('alice');
  assert.equal(agent?.status, 'available');
  assert.equal(agent?.reason, 'Wrap-up time ended');
});

test('a ring timeout offers the call to the next agent', async () => {
  const { acd, offers, ended } = makeAcd({ ringTimeoutMs: 40, wrapUpMs: 0 });
  await availableAgent(acd, 'alice');
  await sleep(5);
  await availableAgent(acd, 'bob');
  await acd.enqueue(call('c1'));
  assert.deepEqual(offers, [{ callId: 'c1', agentId: 'alice' }]);
  await sleep(70);
  await acd.settled();
  assert.equal(ended[0]?.reason, 'timeout');
  assert.deepEqual(offers[1], { callId: 'c1', agentId: 'bob' });
  const alice = await acd.getAgent('alice');
  assert.equal(alice?.status, 'available');
  assert.equal(alice?.reason, 'Missed a call');
});

test('an agent who misses offers in a row is set away with the reason', async () => {
  const { acd } = makeAcd({ ringTimeoutMs: 30, wrapUpMs: 0 }, 2);
  await availableAgent(acd, 'alice');
  await acd.enqueue(call('c1'));
  await sleep(50);
  await acd.settled();
  await sleep(50);
  await acd.settled();
  const alice = await acd.getAgent('alice');
  assert.equal(alice?.status, 'away');
  assert.equal(alice?.reason, 'Missed 2 calls in a row');
});

test('a declined call goes to another agent and cannot then be accepted by the decliner', async () => {
  const { acd, offers } = makeAcd();
  await availableAgent(acd, 'alice');
  await sleep(5);
  await availableAgent(acd, 'bob');
  await acd.enqueue(call('c1'));
  await acd.decline('alice', 'c1');
  assert.deepEqual(offers.at(-1), { callId: 'c1', agentId: 'bob' });
  await assert.rejects(acd.accept('alice', 'c1'), { code: 'conflict' });
});

test('a customer hanging up while ringing frees the agent and withdraws the offer', async () => {
  const { acd, ended } = makeAcd();
  await availableAgent(acd, 'alice');
  await acd.enqueue(call('c1'));
  assert.equal(await acd.removeCall('c1'), true);
  assert.equal(ended[0]?.reason, 'customer-hangup');
  assert.equal((await acd.getAgent('alice'))?.status, 'available');
  assert.equal(await acd.removeCall('c1'), false);
});

test('positions are published to waiting customers as the queue moves', async () => {
  const { acd } = makeAcd();
  const seen: Array<[string, number][]> = [];
  acd.on('queue-changed', ({ positions }) => void seen.push([...positions]));
  await acd.enqueue(call('c1'));
  await acd.enqueue(call('c2'));
  await acd.removeCall('c1');
  assert.deepEqual(seen.at(-1), [['c2', 1]]);
  assert.deepEqual(seen[1], [
    ['c1', 1],
    ['c2', 2],
  ]);
});

test('an agent cannot pick away while ringing, nor Ready outside wrap-up', async () => {
  const { acd } = makeAcd();
  await availableAgent(acd, 'alice');
  await acd.enqueue(call('c1'));
  await assert.rejects(acd.setStatus('alice', 'away'), { code: 'conflict' });
  await assert.rejects(acd.ready('alice'), { code: 'conflict' });
});

test('signing out while ringing puts the call back for the next agent', async () => {
  const { acd, offers } = makeAcd();
  await availableAgent(acd, 'alice');
  await acd.enqueue(call('c1'));
  await availableAgent(acd, 'bob');
  await acd.signOut('alice', 'Signed out');
  assert.equal((await acd.getAgent('alice'))?.status, 'offline');
  assert.deepEqual(offers.at(-1), { callId: 'c1', agentId: 'bob' });
});

test('a full queue overflows new callers to the next queue, keeping their time; the second queue routes them', async () => {
  const { acd, offers, overflowed } = makeAcd({}, 2, [
    queueSettings(Q1, { maxWaitingCalls: 1, overflow: { kind: 'queue', queueId: Q2 } }),
  ]);
  await acd.enqueue(call('c1'));
  const queuedAt = new Date(Date.now() - 5_000);
  await acd.enqueue(call('c2', queuedAt));
  assert.equal(overflowed.length, 1);
  assert.equal(overflowed[0]!.reason, 'queue-full');
  assert.equal(overflowed[0]!.call.queueId, Q2);
  assert.equal(overflowed[0]!.call.queuedAt.getTime(), queuedAt.getTime());
  await availableAgent(acd, 'sales-agent', [Q2]);
  assert.deepEqual(offers, [{ callId: 'c2', agentId: 'sales-agent' }]);
});

test('a full queue whose overflow ends calls removes the caller with reason queue-full', async () => {
  const { acd, overflowed } = makeAcd({}, 2, [queueSettings(Q1, { maxWaitingCalls: 1 })]);
  await acd.enqueue(call('c1'));
  await acd.enqueue(call('c2'));
  assert.deepEqual(
    overflowed.map((o) => [o.call.callId, o.reason, o.action.kind]),
    [['c2', 'queue-full', 'end']],
  );
  assert.deepEqual((await acd.listWaitingCalls()).map((c) => c.callId), ['c1']);
});

test('overflow loops between queues end after a bounded number of hops', async () => {
  const { acd, overflowed } = makeAcd({}, 2, [
    queueSettings(Q1, { maxWaitingCalls: 1, overflow: { kind: 'queue', queueId: Q2 } }),
    queueSettings(Q2, { maxWaitingCalls: 1, overflow: { kind: 'queue', queueId: Q1 } }),
  ]);
  await acd.enqueue(call('c1', new Date(), Q1));
  await acd.enqueue(call('c2', new Date(), Q2));
  await acd.enqueue(call('c3', new Date(), Q1));
  const last = overflowed.at(-1)!;
  assert.equal(last.action.kind, 'end');
  assert.equal(last.call.callId, 'c3');
  assert.ok(overflowed.length <= 7, `${overflowed.length} overflows`);
  assert.deepEqual((await acd.listWaitingCalls()).map((c) => c.callId).sort(), ['c1', 'c2']);
});

test('a caller who waits the queue’s maximum overflows with reason max-wait', async () => {
  const { acd, overflowed } = makeAcd({}, 2, [queueSettings(Q1, { maxWaitMs: 40 })]);
  await acd.enqueue(call('c1'));
  await sleep(90);
  await acd.settled();
  assert.deepEqual(
    overflowed.map((o) => [o.call.callId, o.reason]),
    [['c1', 'max-wait']],
  );
  assert.equal((await acd.listWaitingCalls()).length, 0);
});

test('waiting callers get an estimated wait from staffing and the queue’s handle time', async () => {
  const { acd } = makeAcd({ wrapUpMs: 0 });
  const seen: AcdEvents['queue-changed'][0][] = [];
  acd.on('queue-changed', (q) => void seen.push(q));
  await availableAgent(acd, 'alice');
  await acd.enqueue(call('c1'));
  await acd.accept('alice', 'c1');
  await acd.callEnded('alice', 'c1', Q1, 100);
  await acd.setStatus('alice', 'away');
  await availableAgent(acd, 'bob');
  await acd.enqueue(call('c2'));
  await acd.accept('bob', 'c2');
  await acd.enqueue(call('c3'));
  await acd.enqueue(call('c4'));
  // Bob is staffed and busy; handle time so far 100 s: c3 waits ~100 s, c4 ~200 s.
  const last = seen.at(-1)!;
  assert.deepEqual([...last.estimates], [
    ['c3', 100],
    ['c4', 200],
  ]);
  // Alice is back and rings with c3: c3 is told no wait; c4 is next behind two agents.
  await acd.setStatus('alice', 'available');
  await acd.settled();
  const ringing = seen.at(-1)!;
  assert.deepEqual([...ringing.estimates], [
    ['c3', 0],
    ['c4', 50],
  ]);
});

test('a call and an agent are paired once: a claim held elsewhere blocks a second offer', async () => {
  const state = new InMemoryAcdLiveState();
  assert.equal(await state.claim('c1', 'alice'), true);
  assert.equal(await state.claim('c2', 'alice'), false, 'agent already paired');
  assert.equal(await state.claim('c1', 'bob'), false, 'call already paired');
  assert.equal(await state.releaseCall('c1'), 'alice');
  assert.equal(await state.claim('c2', 'alice'), true);
});

test('an agent’s calls answered today count from midnight in the contact center’s time zone', async () => {
  let clock = new Date('2026-11-26T04:00:00Z'); // 23:00 on the 25th in New York
  const settings = queueSettings(Q1, { wrapUpMs: 0, strategy: 'fewest-calls' });
  acd = new AcdService(
    new InMemoryAcdLiveState(),
    { nodeId: 'n1', queueOf: async (id) => (id === Q1 ? settings : null), timeZone: 'America/New_York', now: () => clock },
    log,
  );
  const answered = async (callId: string) => {
    await acd.enqueue(call(callId, clock));
    await acd.accept('alice', callId);
    await acd.callEnded('alice', callId, Q1, 60);
    const alice = (await acd.listAgents()).find((a) => a.userId === 'alice')!;
    return [alice.answeredOn, alice.answeredToday];
  };
  await availableAgent(acd, 'alice');
  assert.deepEqual(await answered('c1'), ['2026-11-25', 1]);
  clock = new Date('2026-11-26T04:30:00Z');
  assert.deepEqual(await answered('c2'), ['2026-11-25', 2]);
  // 01:00 on the 26th in New York: a new day, a new count (in UTC it would be the third call of the 26th).
  clock = new Date('2026-11-26T06:00:00Z');
  assert.deepEqual(await answered('c3'), ['2026-11-26', 1]);
});
