import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { Wallboard } from '../src/live/wallboard.ts';
import type { Database } from '../src/persistence/database.ts';
import { openDatabase } from '../src/persistence/open-database.ts';
import { seedDemo } from '../src/persistence/seed.ts';
import { QueueRepository } from '../src/queues/queue-repository.ts';

/** "Today" on the wallboard is the contact center's day (TIME_ZONE), not the UTC day. */
let db: Database;
let supportId: string;
const nobody = { listAgents: async () => [], listWaitingCalls: async () => [] };
const now = new Date('2026-11-26T15:00:00Z'); // 10:00 in New York, 00:00 on the 27th in Tokyo

before(async () => {
  db = await openDatabase({ url: undefined, dataDir: null });
  await seedDemo(db, { ringTimeoutMs: 10_000, wrapUpMs: 0 });
  supportId = (await new QueueRepository(db).findByName('support'))!.id;
  const calls = new CallRecordRepository(db);
  // 03:00 UTC is 22:00 the evening before in New York; 14:30 UTC is 09:30 there.
  for (const offeredAt of ['2026-11-26T03:00:00Z', '2026-11-26T14:30:00Z']) {
    const id = randomUUID();
    await calls.create({ id, queueId: supportId, channel: 'web', callerLabel: 'Caller', offeredAt: new Date(offeredAt), nodeId: 'n1' });
    await calls.markAnswered(id, (await db.query<{ id: string }>("select id from users where username = 'alice'")).rows[0]!.id, new Date(Date.parse(offeredAt) + 10_000));
  }
});
after(() => db.close());

async function todayIn(timeZone: string) {
  const update = await new Wallboard(db, nobody, timeZone, () => now).queues();
  assert.equal(update.timeZone, timeZone, 'the console is told which zone the day and its hours are in');
  return { support: update.queues.find((q) => q.queueId === supportId)!.today, hourly: update.hourly };
}

test('in UTC both of the day’s calls count; the chart has an hour from midnight UTC to now', async () => {
  const { support, hourly } = await todayIn('UTC');
  assert.deepEqual([support.offered, support.answered], [2, 2]);
  assert.equal(hourly.length, 16);
  assert.equal(hourly[0]!.hourStart, '2026-11-26T00:00:00.000Z');
  assert.deepEqual(hourly.filter((h) => h.offered > 0).map((h) => h.hourStart), ['2026-11-26T03:00:00.000Z', '2026-11-26T14:00:00.000Z']);
});

test('in New York the evening call was yesterday; the day began at 05:00 UTC', async () => {
  const { support, hourly } = await todayIn('America/New_York');
  assert.deepEqual([support.offered, support.answered], [1, 1]);
  assert.equal(hourly[0]!.hourStart, '2026-11-26T05:00:00.000Z');
  assert.equal(hourly.length, 11, "00:00 to 10:00 local, the current hour included");
  assert.deepEqual(hourly.filter((h) => h.offered > 0).map((h) => h.hourStart), ['2026-11-26T14:00:00.000Z']);
});

test('in Tokyo a new day has just begun, with no calls yet', async () => {
  const { support, hourly } = await todayIn('Asia/Tokyo');
  assert.deepEqual([support.offered, support.answered], [0, 0]);
  assert.deepEqual(hourly.map((h) => [h.hourStart, h.offered]), [['2026-11-26T15:00:00.000Z', 0]]);
});
