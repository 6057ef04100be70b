import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { pino } from 'pino';
import { AcdService, type AcdEvents } from './acd-service.ts';
import { InMemoryAcdLiveState } from './live-state.ts';

const log = pino({ level: 'silent' });
let acd: AcdService;
afterEach(() => acd?.close());

function makeAcd(timings = { ringTimeoutMs: 10_000, wrapUpMs: 10_000 }, maxMissedOffers = 2) {
  acd = new AcdService(new InMemoryAcdLiveState(), { timingsOf: async () => timings, maxMissedOffers }, log);
  const offers: Array<{ callId: string; agentId: string }> = [];
  const ended: AcdEvents['offer-ended'][0][] = [];
  acd.on('call-offered', ({ call, agentId }) => void offers.push({ callId: call.callId, agentId }));
  acd.on('offer-ended', (e) => void ended.push(e));
  return { acd, offers, ended };
}
const call = (callId: string, queuedAt = new Date()) => ({
  callId,
  queueId: 'q1',
  queueName: 'support',
  callerLabel: 'Web visitor',
  queuedAt,
});
async function availableAgent(acd: AcdService, userId: string) {
  await acd.signIn({ userId, displayName: userId, queueIds: ['q1'] });
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
  await acd.callEnded('alice', 'c1', 'q1');
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
  await acd.callEnded('alice', 'c1', 'q1');
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
