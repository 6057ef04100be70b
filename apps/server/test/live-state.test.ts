import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { pino } from 'pino';
import type { AgentPresence, WaitingCall } from '../src/acd/acd-model.ts';
import { InMemoryAcdLiveState, type AcdLiveState, type NodeMessage } from '../src/acd/live-state.ts';
import { RedisAcdLiveState } from '../src/acd/redis-live-state.ts';

/** The same contract, in memory and on the real Redis in TEST_REDIS_URL. */
const log = pino({ level: 'silent' });
const opened: AcdLiveState[] = [];
after(async () => {
  for (const s of opened) await s.close();
});

const backends: Array<{ name: string; open: () => () => AcdLiveState }> = [
  {
    name: 'in memory',
    open: () => {
      const shared = new InMemoryAcdLiveState();
      return () => shared;
    },
  },
];
if (process.env.TEST_REDIS_URL) {
  backends.push({
    name: 'Redis',
    // Each call opens another connection onto the same keys: another node.
    open: () => {
      const prefix = `cc-test-${randomUUID().slice(0, 8)}:`;
      return () => {
        const s = new RedisAcdLiveState({ url: process.env.TEST_REDIS_URL!, prefix, log });
        opened.push(s);
        return s;
      };
    },
  });
}

const at = new Date('2026-05-01T09:00:00Z');
const agent = (userId: string, status: AgentPresence['status'] = 'available'): AgentPresence => ({
  userId,
  displayName: userId,
  memberships: [{ queueId: 'q', tier: 1 }],
  skills: [{ skillId: 's', level: 7 }],
  status,
  since: at,
  idleSince: at,
  reason: null,
  callId: null,
  wrapUpEndsAt: null,
  missedOffers: 0,
  answeredToday: 0,
  answeredOn: '2026-05-01',
  lastOfferedAt: { q: 5 },
});
const call = (callId: string, sequence: number): WaitingCall => ({
  callId,
  queueId: 'q',
  queueName: 'support',
  callerLabel: 'x',
  queuedAt: at,
  enteredQueueAt: at,
  sequence,
  priority: 0,
  nodeId: 'n1',
  overflowHops: 0,
  offeredTo: null,
  offerExpiresAt: new Date(at.getTime() + 1000),
  triedAgentIds: ['z'],
});

for (const backend of backends) {
  describe(`ACD live state ${backend.name}`, () => {
    test('agents and calls round-trip with their dates; only available agents are listed for routing', async () => {
      const state = backend.open()();
      await state.putAgent(agent('a'));
      await state.putAgent(agent('b', 'away'));
      assert.deepEqual(await state.getAgent('a'), agent('a'));
      assert.deepEqual((await state.listAvailableAgents(['q'])).map((x) => x.userId), ['a']);
      assert.deepEqual(await state.listAvailableAgents(['other']), []);
      // A change of queues moves the agent between the queues' sets.
      await state.putAgent({ ...agent('a'), memberships: [{ queueId: 'other', tier: 1 }] });
      assert.deepEqual(await state.listAvailableAgents(['q']), []);
      assert.deepEqual((await state.listAvailableAgents(['q', 'other'])).map((x) => x.userId), ['a']);
      assert.deepEqual(await state.staffingOf('other'), { staffed: 1, free: 1 });
      await state.putAgent(agent('a', 'on-call'));
      assert.deepEqual(await state.listAvailableAgents(['q', 'other']), []);
      // Back in q (the factory's queue), on a call: still staffing q, no longer in other.
      assert.deepEqual(await state.staffingOf('q'), { staffed: 1, free: 0 }, 'on a call still staffs the queue');
      assert.deepEqual(await state.staffingOf('other'), { staffed: 0, free: 0 });
      assert.equal((await state.listAgents()).length, 2);
      await state.putCall(call('c2', 2));
      await state.putCall(call('c1', 1));
      assert.deepEqual(await state.getCall('c1'), call('c1', 1));
      assert.deepEqual((await state.listCalls()).map((c) => c.callId), ['c1', 'c2']);
      await state.deleteCall('c1');
      assert.equal(await state.getCall('c1'), undefined);
    });

    test('wrap-ups are found when they are due, and only then', async () => {
      const state = backend.open()();
      const ends = new Date(at.getTime() + 30_000);
      await state.putAgent({ ...agent('w'), status: 'wrap-up', wrapUpEndsAt: ends });
      await state.putAgent(agent('x'));
      assert.deepEqual(await state.listWrapUpsDue(at), []);
      assert.deepEqual((await state.listWrapUpsDue(ends)).map((a) => a.userId), ['w']);
      await state.putAgent(agent('w'));
      assert.deepEqual(await state.listWrapUpsDue(ends), []);
    });

    test('claims pair one call with one agent, atomically, across nodes', async () => {
      const node = backend.open();
      const [n1, n2] = [node(), node()];
      const attempts = await Promise.all([
        n1.claim('c1', 'alice'),
        n2.claim('c1', 'bob'),
        n2.claim('c2', 'alice'),
        n1.claim('c3', 'carol'),
      ]);
      const [aliceC1, bobC1, aliceC2, carolC3] = attempts;
      assert.ok(!(aliceC1 && bobC1), 'c1 went to one agent');
      assert.ok(!(aliceC1 && aliceC2), 'alice got one call');
      assert.ok(aliceC1 || bobC1, 'c1 went to someone');
      assert.equal(carolC3, true);
      assert.equal(await n1.claimOf('alice'), aliceC1 ? 'c1' : aliceC2 ? 'c2' : null);
      assert.equal(await n2.claimOf('carol'), 'c3');
      assert.equal(await n1.releaseCall('c3'), 'carol');
      assert.equal(await n1.claimOf('carol'), null);
      assert.equal(await n2.releaseAgent('nobody'), null);
    });

    test('decisions run one at a time across nodes', async () => {
      const node = backend.open();
      const nodes = [node(), node(), node()];
      let inside = 0;
      let most = 0;
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          nodes[i % 3]!.exclusive(async () => {
            inside += 1;
            most = Math.max(most, inside);
            await new Promise((r) => setTimeout(r, 2));
            inside -= 1;
          }),
        ),
      );
      assert.equal(most, 1);
    });

    test('a failed decision releases the lock for the next', async () => {
      const state = backend.open()();
      await assert.rejects(state.exclusive(async () => Promise.reject(new Error('boom'))), /boom/);
      assert.equal(await state.exclusive(async () => 'next'), 'next');
    });

    test('sequences increase, nodes expire, handle times average, messages reach their node', async () => {
      const node = backend.open();
      const [n1, n2] = [node(), node()];
      const first = await n1.nextSequence();
      assert.ok((await n2.nextSequence()) > first);
      await n1.heartbeat('alive', 5_000);
      await n1.heartbeat('dead', -1);
      const live = await n2.liveNodes();
      assert.ok(live.has('alive') && !live.has('dead'));
      await n1.recordHandleTime('q', 100);
      await n2.recordHandleTime('q', 200);
      assert.equal(await n1.averageHandleSeconds('q'), 120);
      await n1.setCallNode('c9', 'alive');
      assert.equal(await n2.callNode('c9'), 'alive');
      assert.deepEqual([...(await n2.listCallNodes())], [['c9', 'alive']]);

      const got: NodeMessage[] = [];
      await n2.subscribe('n2', (m) => got.push(m));
      await n1.publish('n2', { from: 'n1', event: 'x', payload: { a: 1 } });
      await n1.publish('*', { from: 'n1', event: 'y', payload: null });
      await n1.publish('elsewhere', { from: 'n1', event: 'z', payload: null });
      for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(got.map((m) => m.event), ['x', 'y']);
    });
  });
}
