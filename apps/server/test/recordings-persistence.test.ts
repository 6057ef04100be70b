import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import type { Database } from '../src/persistence/database.ts';
import { migrations, runMigrations } from '../src/persistence/migrations.ts';
import { QueueRepository } from '../src/queues/queue-repository.ts';
import { RecordingRepository } from '../src/recordings/recording-repository.ts';
import { databaseBackends } from './database-backends.ts';

/** Applies migrations 1 to 4 alone, as a database made before v5 existed would have them. */
async function migrateToV4(db: Database): Promise<void> {
  await db.exec(`create table schema_migrations (
    version integer primary key, name text not null, applied_at timestamptz not null default now())`);
  for (const m of migrations.filter((m) => m.version <= 4)) {
    await db.exec(m.sql);
    await db.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
  }
}

const violates = (code: string) => (e: any) => e.code === code;
const sha = 'ab'.repeat(32);

/** Migration v5 (recordings) over data written under v4, and the repository, on both backends. */
for (const backend of databaseBackends()) {
  describe(`recordings in the database on ${backend.name}`, async () => {
    const { db, drop } = await backend.open();
    after(drop);
    const queueId = randomUUID();
    const callId = randomUUID();
    const userId = randomUUID();
    const recordings = new RecordingRepository(db);
    const newRecording = (id = randomUUID()) => ({
      id,
      callId,
      queueId,
      storageKey: `2026/11/25/${id}.wav`,
      encrypted: false,
      nodeId: 'node-a',
      startedAt: new Date('2026-11-25T10:00:00Z'),
    });

    test('upgrades a v4 database: existing queues record nothing', async () => {
      await migrateToV4(db);
      await db.query(`insert into queues (id, name, display_name) values ($1, 'legacy', 'Legacy')`, [queueId]);
      await db.query(`insert into users (id, username, display_name, role, password_hash) values ($1, 'old', 'Old Agent', 'agent', 'x')`, [userId]);
      await db.query(
        `insert into calls (id, queue_id, channel, caller_label, state, offered_at, node_id) values ($1, $2, 'web', 'Caller', 'ended', now(), 'n1')`,
        [callId, queueId],
      );
      assert.deepEqual(await runMigrations(db), migrations.filter((m) => m.version >= 5).map((m) => m.version));
      assert.equal((await new QueueRepository(db).findById(queueId))?.recordingPolicy, 'none');
      assert.equal(await new QueueRepository(db).recordingPolicyOf(queueId), 'none');
    });

    test('a recording from start to finish: agents once each, marks in order, outcome stored once', async () => {
      const r = newRecording();
      await recordings.start(r);
      assert.deepEqual((await recordings.listInProgress()).map((x) => x.id), [r.id]);
      await recordings.addAgent(r.id, userId);
      await recordings.addAgent(r.id, userId);
      const hold = await recordings.openMark(r.id, 'hold', 1_000, null);
      const pause = await recordings.openMark(r.id, 'pause', 1_200.4, userId);
      await recordings.closeMark(pause, 1_700);
      await recordings.closeMark(pause, 9_999);
      await recordings.closeOpenMarks(r.id, 2_000);
      const outcome = { state: 'complete' as const, bytes: 5_000_000_000, durationMs: 2_000, sha256: sha, endedAt: new Date('2026-11-25T10:00:02Z') };
      assert.equal(await recordings.finish(r.id, outcome), true);
      assert.equal(await recordings.finish(r.id, { ...outcome, state: 'interrupted' }), false, 'finished once');
      const stored = await recordings.get(r.id);
      assert.deepEqual(
        { ...stored, marks: stored?.marks.map(({ createdAt: _, ...m }) => m) },
        {
          id: r.id,
          callId,
          queueId,
          format: 'wav',
          sampleRate: 16_000,
          channels: 2,
          encrypted: false,
          state: 'complete',
          startedAt: '2026-11-25T10:00:00.000Z',
          endedAt: '2026-11-25T10:00:02.000Z',
          durationMs: 2_000,
          // Past 2^32: bigint read back as a number.
          bytes: 5_000_000_000,
          sha256: sha,
          agentIds: [userId],
          marks: [
            { id: hold, kind: 'hold', startMs: 1_000, endMs: 2_000, byUserId: null },
            { id: pause, kind: 'pause', startMs: 1_200, endMs: 1_700, byUserId: userId },
          ],
          storageKey: r.storageKey,
          nodeId: 'node-a',
        },
      );
      assert.deepEqual(await recordings.listInProgress(), []);
      assert.deepEqual((await recordings.listByCall(callId)).map((x) => x.id), [r.id]);
      assert.equal(await recordings.tookPart(r.id, userId), true);
      assert.equal(await recordings.tookPart(r.id, randomUUID()), false);
    });

    test('the schema refuses what no write path may leave behind', async () => {
      await assert.rejects(db.query(`update queues set recording_policy = 'sometimes'`), violates('23514'));
      const r = newRecording();
      await recordings.start(r);
      // Finished without its checksum and size.
      await assert.rejects(db.query(`update recordings set state = 'complete', ended_at = now() where id = $1`, [r.id]), violates('23514'));
      await assert.rejects(db.query(`update recordings set sha256 = 'not-hex' where id = $1`, [r.id]), violates('23514'));
      await assert.rejects(recordings.start({ ...newRecording(), storageKey: r.storageKey }), violates('23505'));
      await assert.rejects(recordings.start({ ...newRecording(), callId: randomUUID() }), violates('23503'));
      await assert.rejects(recordings.openMark(r.id, 'mute' as never, 0, null), violates('23514'));
      const mark = await recordings.openMark(r.id, 'hold', 500, null);
      await assert.rejects(db.query('update recording_marks set end_ms = 100 where id = $1', [mark]), violates('23514'));
    });

    test('a second run applies nothing', async () => {
      assert.deepEqual(await runMigrations(db), []);
    });
  });
}
