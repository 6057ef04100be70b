import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { QueueSettings } from '@cc/shared';
import { AgentStateRepository } from '../src/acd/agent-state-repository.ts';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { migrations, runMigrations } from '../src/persistence/migrations.ts';
import { seedDemo } from '../src/persistence/seed.ts';
import { QueueRepository } from '../src/queues/queue-repository.ts';
import { UserRepository } from '../src/users/user-repository.ts';
import { databaseBackends } from './database-backends.ts';

/** The data-access layer against both backends (PGlite, and TEST_DATABASE_URL's Postgres). */
const backends = databaseBackends();

for (const backend of backends) {
  describe(`persistence on ${backend.name}`, async () => {
    const { db, drop } = await backend.open();
    after(drop);

    test('migrations apply once, in order, and a second run applies nothing', async () => {
      assert.deepEqual(await runMigrations(db), migrations.map((m) => m.version));
      assert.deepEqual(await runMigrations(db), []);
    });

    test('the demo seed creates the queues and users once', async () => {
      assert.equal(await seedDemo(db, { ringTimeoutMs: 20_000, wrapUpMs: 30_000 }), true);
      assert.equal(await seedDemo(db, { ringTimeoutMs: 20_000, wrapUpMs: 30_000 }), false);
      const users = new UserRepository(db);
      const alice = await users.findByUsername('ALICE');
      assert.equal(alice?.role, 'agent');
      assert.equal(alice?.displayName, 'Alice Martin');
      assert.notEqual(alice?.passwordHash, 'demo');
      const queues = new QueueRepository(db);
      assert.deepEqual((await queues.list()).map((q) => q.name), ['sales', 'support']);
      assert.equal((await queues.queueIdsOf(alice!.id)).length, 2);
      assert.equal((await queues.queueIdsOf((await users.findByUsername('sara'))!.id)).length, 0);
    });

    test('a call record keeps its timestamps, end reason and ordered event log', async () => {
      const records = new CallRecordRepository(db);
      const queue = (await new QueueRepository(db).findByName('support'))!;
      const agent = (await new UserRepository(db).findByUsername('bob'))!;
      const id = randomUUID();
      const offeredAt = new Date('2026-03-01T09:00:00.000Z');
      await records.create({ id, queueId: queue.id, channel: 'web', callerLabel: 'Web visitor', offeredAt, nodeId: 'n1' });
      await records.appendEvent(id, { at: offeredAt, type: 'queued', agentId: null, data: { queue: 'support' } });
      await records.markRinging(id);
      assert.equal((await records.find(id))?.state, 'ringing');
      await records.markAnswered(id, agent.id, new Date('2026-03-01T09:00:05.000Z'));
      await records.appendEvent(id, { at: new Date('2026-03-01T09:00:05.000Z'), type: 'answered', agentId: agent.id, data: {} });
      await records.markEnded(id, 'agent-hangup', new Date('2026-03-01T09:02:00.000Z'));
      // A second end (a late duplicate) changes nothing.
      await records.markEnded(id, 'customer-hangup', new Date('2026-03-01T09:03:00.000Z'));
      const record = await records.find(id);
      assert.equal(record?.state, 'ended');
      assert.equal(record?.endReason, 'agent-hangup');
      assert.equal(record?.agentId, agent.id);
      assert.equal(record?.offeredAt.toISOString(), '2026-03-01T09:00:00.000Z');
      assert.equal(record?.endedAt?.toISOString(), '2026-03-01T09:02:00.000Z');
      const events = await records.events(id);
      assert.deepEqual(events.map((e) => e.type), ['queued', 'answered']);
      assert.deepEqual(events[0]?.data, { queue: 'support' });
    });

    test('agent state changes are stored with their times and reasons', async () => {
      const states = new AgentStateRepository(db);
      const alice = (await new UserRepository(db).findByUsername('alice'))!;
      await states.record({ userId: alice.id, at: new Date('2026-03-01T08:00:00Z'), status: 'available', reason: null, callId: null });
      await states.record({ userId: alice.id, at: new Date('2026-03-01T08:30:00Z'), status: 'away', reason: 'Missed 2 calls in a row', callId: null });
      const history = await states.history(alice.id);
      assert.deepEqual(history.map((h) => [h.status, h.reason]), [
        ['available', null],
        ['away', 'Missed 2 calls in a row'],
      ]);
    });

    test('a transaction that fails leaves nothing behind', async () => {
      const queues = new QueueRepository(db);
      await assert.rejects(
        db.transaction(async (tx) => {
          await new QueueRepository(tx).create({ id: randomUUID(), ...QueueSettings.parse({ name: 'billing', displayName: 'Billing', wrapUpMs: 0 }) });
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await queues.findByName('billing'), null);
    });
  });
}
