import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { CallEndReason } from '@cc/shared';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { at, openCallHistoryCast } from './call-history-fixture.ts';
import { databaseBackends } from './database-backends.ts';
import type { RestApi } from './rest-api-fixture.ts';

/**
 * GET /api/calls and GET /api/live over known rows, on both backends.
 * The cast: Team A (alice, bob; supervised by sara) from the seed, and Team B (carol;
 * supervised by sam) made here. Carol alone is in the queue "vip".
 */
for (const backend of databaseBackends()) {
  describe(`call search and live view on ${backend.name}`, () => {
    let api: RestApi;
    let ids: Record<string, string>;
    let token: Record<string, string>;
    const calls: Record<string, string> = {};

    before(async () => {
      ({ api, ids, token } = await openCallHistoryCast(backend, { carolQueue: 'vip', newQueues: [{ name: 'vip', displayName: 'VIP' }] }));
      const records = new CallRecordRepository(api.db);
      const call = async (
        name: string,
        queue: string,
        offeredAt: number,
        outcome: { agent?: string; answeredAt?: number; endedAt?: number; reason?: CallEndReason; channel?: 'web' | 'pstn' },
      ) => {
        const id = randomUUID();
        calls[name] = id;
        await records.create({ id, queueId: ids[queue]!, channel: outcome.channel ?? 'web', callerLabel: `caller ${name}`, offeredAt: at(offeredAt), nodeId: 'n1' });
        if (outcome.agent) await records.markAnswered(id, ids[outcome.agent]!, at(outcome.answeredAt!));
        if (outcome.reason) await records.markEnded(id, outcome.reason, at(outcome.endedAt!));
      };
      await call('c1', 'support', 0, { agent: 'alice', answeredAt: 12, endedAt: 192, reason: 'agent-hangup' });
      await call('c2', 'sales', 60, { agent: 'bob', answeredAt: 65, endedAt: 125, reason: 'customer-hangup', channel: 'pstn' });
      await call('c3', 'support', 120, { endedAt: 150, reason: 'abandoned' });
      await call('c4', 'vip', 180, { agent: 'carol', answeredAt: 181, endedAt: 300, reason: 'agent-hangup' });
      await call('c5', 'vip', 240, { endedAt: 250, reason: 'abandoned' });
      await call('c6', 'sales', 300, {});
      await call('c7', 'support', 360, { endedAt: 400, reason: 'no-agents' });
    });
    after(() => api.close());

    const search = async (who: string, query = '') => {
      const res = await api.request('GET', `/api/calls${query ? `?${query}` : ''}`, token[who]);
      return res;
    };
    const names = (items: Array<{ id: string }>) =>
      items.map((item) => Object.entries(calls).find(([, id]) => id === item.id)?.[0] ?? item.id);

    test('admins see every call, newest first, with waits and talk times', async () => {
      const res = await search('adam');
      assert.equal(res.status, 200);
      assert.deepEqual(names(res.body.items), ['c7', 'c6', 'c5', 'c4', 'c3', 'c2', 'c1']);
      assert.equal(res.body.total, 7);
      assert.equal(res.body.nextCursor, null);
      const c1 = res.body.items.find((i: any) => i.id === calls.c1);
      assert.deepEqual(c1, {
        id: calls.c1,
        queue: { id: ids.support, name: 'support', displayName: 'Support' },
        agent: { id: ids.alice, displayName: 'Alice Martin' },
        channel: 'web',
        callerLabel: 'caller c1',
        state: 'ended',
        offeredAt: '2026-03-02T09:00:00.000Z',
        answeredAt: '2026-03-02T09:00:12.000Z',
        endedAt: '2026-03-02T09:03:12.000Z',
        endReason: 'agent-hangup',
        waitSeconds: 12,
        talkSeconds: 180,
      });
      const c3 = res.body.items.find((i: any) => i.id === calls.c3);
      assert.equal(c3.agent, null);
      assert.equal(c3.waitSeconds, 30);
      assert.equal(c3.talkSeconds, null);
      const c6 = res.body.items.find((i: any) => i.id === calls.c6);
      assert.equal(c6.waitSeconds, null);
    });

    test('filters: queue, agent, channel, outcome, end reason, time range', async () => {
      const cases: Array<[string, string[]]> = [
        [`queueId=${ids.support}`, ['c7', 'c3', 'c1']],
        [`agentId=${ids.bob}`, ['c2']],
        ['channel=pstn', ['c2']],
        ['outcome=answered', ['c4', 'c2', 'c1']],
        ['outcome=abandoned', ['c5', 'c3']],
        ['outcome=unanswered', ['c7', 'c5', 'c3']],
        ['outcome=active', ['c6']],
        ['endReason=no-agents', ['c7']],
        [`from=${encodeURIComponent(at(60).toISOString())}&to=${encodeURIComponent(at(240).toISOString())}`, ['c4', 'c3', 'c2']],
        [`from=${encodeURIComponent('2026-03-02T10:01:00+01:00')}`, ['c7', 'c6', 'c5', 'c4', 'c3', 'c2']],
        [`queueId=${ids.support}&outcome=answered`, ['c1']],
      ];
      for (const [query, expected] of cases) {
        const res = await search('adam', query);
        assert.equal(res.status, 200, query);
        assert.deepEqual(names(res.body.items), expected, query);
        assert.equal(res.body.total, expected.length, query);
      }
    });

    test('pagination: the cursor walks every page once, in order, and total counts them all', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: any = await search('adam', `limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(res.status, 200);
        assert.equal(res.body.total, 7);
        assert.ok(res.body.items.length <= 3);
        seen.push(...names(res.body.items));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      assert.equal(pages, 3);
      assert.deepEqual(seen, ['c7', 'c6', 'c5', 'c4', 'c3', 'c2', 'c1']);
    });

    test('bad queries are 400s naming the field', async () => {
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=201', 'limit'],
        ['limit=ten', 'limit'],
        ['from=yesterday', 'from'],
        [`from=${at(100).toISOString()}&to=${at(50).toISOString()}`, 'from'],
        ['outcome=won', 'outcome'],
        ['queueId=support', 'queueId'],
        ['cursor=not-a-cursor', 'cursor'],
      ]) {
        const res = await search('adam', query);
        assert.equal(res.status, 400, query);
        assert.match(res.body.error.message, new RegExp(field!), query);
      }
    });

    test("a supervisor sees their teams' answered calls and the unanswered calls in their agents' queues", async () => {
      const sara = await search('sara');
      assert.deepEqual(names(sara.body.items), ['c7', 'c6', 'c3', 'c2', 'c1']);
      assert.equal(sara.body.total, 5);
      const sam = await search('sam');
      assert.deepEqual(names(sam.body.items), ['c5', 'c4']);
      // A queue or outcome filter narrows the scope; it never widens it.
      assert.deepEqual(names((await search('sara', `queueId=${ids.vip}`)).body.items), []);
      assert.deepEqual(names((await search('sam', 'outcome=answered')).body.items), ['c4']);
    });

    test("a supervisor asking for another team's agent is refused", async () => {
      const res = await search('sara', `agentId=${ids.carol}`);
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
      assert.deepEqual(names((await search('sara', `agentId=${ids.alice}`)).body.items), ['c1']);
    });

    test("an agent sees only their own calls and is refused another agent's", async () => {
      assert.deepEqual(names((await search('alice')).body.items), ['c1']);
      assert.deepEqual(names((await search('alice', `agentId=${ids.alice}`)).body.items), ['c1']);
      assert.deepEqual(names((await search('carol')).body.items), ['c4']);
      const res = await search('alice', `agentId=${ids.bob}`);
      assert.equal(res.status, 403);
    });

    test("the live view: queues with waiting counts and the oldest wait; supervisors see only their teams' agents", async () => {
      const now = Date.now();
      api.live.agents = [
        { userId: ids.alice!, displayName: 'Alice Martin', status: 'on-call', since: new Date(now - 30_000), reason: null, callId: 'call-a' },
        { userId: ids.bob!, displayName: 'Bob Chen', status: 'away', since: new Date(now - 5_000), reason: 'Missed 2 calls in a row', callId: null },
        { userId: ids.carol!, displayName: 'Carol Diaz', status: 'available', since: new Date(now - 1_000), reason: null, callId: null },
      ];
      api.live.calls = [
        { callId: 'w1', queueId: ids.support!, queueName: 'support', queuedAt: new Date(now - 90_000), offeredTo: null },
        { callId: 'w2', queueId: ids.support!, queueName: 'support', queuedAt: new Date(now - 10_000), offeredTo: ids.carol! },
        { callId: 'w3', queueId: ids.sales!, queueName: 'sales', queuedAt: new Date(now - 20_000), offeredTo: null },
      ];
      const admin = await api.request('GET', '/api/live', token.adam);
      assert.equal(admin.status, 200);
      assert.deepEqual(admin.body.agents.map((a: any) => a.displayName), ['Alice Martin', 'Bob Chen', 'Carol Diaz']);
      const support = admin.body.queues.find((q: any) => q.name === 'support');
      assert.equal(support.waiting, 1);
      assert.equal(support.ringing, 1);
      assert.ok(support.longestWaitSeconds >= 89 && support.longestWaitSeconds <= 95, String(support.longestWaitSeconds));
      const vip = admin.body.queues.find((q: any) => q.name === 'vip');
      assert.deepEqual([vip.waiting, vip.ringing, vip.longestWaitSeconds], [0, 0, 0]);
      const bob = admin.body.agents.find((a: any) => a.userId === ids.bob);
      assert.equal(bob.reason, 'Missed 2 calls in a row');
      assert.equal(bob.teamId, (await api.request('GET', `/api/users/${ids.bob}`, token.adam)).body.teamId);

      const sara = await api.request('GET', '/api/live', token.sara);
      assert.deepEqual(sara.body.agents.map((a: any) => a.displayName), ['Alice Martin', 'Bob Chen']);
      assert.equal(sara.body.queues.length, 3, 'queues are shared between teams');
      const sam = await api.request('GET', '/api/live', token.sam);
      assert.deepEqual(sam.body.agents.map((a: any) => a.displayName), ['Carol Diaz']);
      assert.equal((await api.request('GET', '/api/live', token.carol)).status, 403);
    });
  });
}
