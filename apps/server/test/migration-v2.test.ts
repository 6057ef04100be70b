import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { Queue } from '@cc/shared';
import type { Database } from '../src/persistence/database.ts';
import { migrations, runMigrations } from '../src/persistence/migrations.ts';
import { QueueRepository } from '../src/queues/queue-repository.ts';
import { SkillRepository } from '../src/skills/skill-repository.ts';
import { UserRepository } from '../src/users/user-repository.ts';
import { databaseBackends } from './database-backends.ts';

/** Applies migration v1 alone, as a database made before v2 existed would have it. */
async function migrateToV1(db: Database): Promise<void> {
  const v1 = migrations.find((m) => m.version === 1)!;
  await db.exec(`create table schema_migrations (
    version integer primary key, name text not null, applied_at timestamptz not null default now())`);
  await db.exec(v1.sql);
  await db.query('insert into schema_migrations (version, name) values ($1, $2)', [1, v1.name]);
}

/** Migration v2 over data written under v1, on both backends. */
for (const backend of databaseBackends()) {
  describe(`migration v2 on ${backend.name}`, async () => {
    const { db, drop } = await backend.open();
    after(drop);
    const queueId = randomUUID();
    const userId = randomUUID();

    test('upgrades a v1 database: old queues read back as valid settings with the zod defaults', async () => {
      await migrateToV1(db);
      await db.query(`insert into queues (id, name, display_name, ring_timeout_ms, wrap_up_ms) values ($1, 'legacy', 'Legacy', 25000, 5000)`, [queueId]);
      await db.query(`insert into users (id, username, display_name, role, password_hash) values ($1, 'old', 'Old Agent', 'agent', 'x')`, [userId]);
      // v1 let priority be anything; v2's tier is 1..10.
      await db.query('insert into queue_members (queue_id, user_id, priority) values ($1, $2, 42)', [queueId, userId]);

      // v3 follows (it has its own test, migration-v3.test.ts).
      assert.deepEqual(await runMigrations(db), migrations.filter((m) => m.version >= 2).map((m) => m.version));
      const queue = await new QueueRepository(db).findById(queueId);
      assert.deepEqual(queue, {
        ...Queue.parse({ id: queueId, name: 'legacy', displayName: 'Legacy', ringTimeoutMs: 25_000, wrapUpMs: 5_000 }),
        outboundCallerId: null,
        recordingPolicy: 'none',
      });
      assert.deepEqual(await new QueueRepository(db).membershipsOf(userId), [{ queueId, tier: 10 }]);
      assert.deepEqual(await new QueueRepository(db).queueIdsOf(userId), [queueId]);
      const user = await new UserRepository(db).findById(userId);
      assert.equal(user?.teamId, null);
      assert.deepEqual(await new SkillRepository(db).levelsOf(userId), []);
    });

    test('the new constraints hold in the database itself', async () => {
      await assert.rejects(db.query('update queue_members set tier = 11'), (e: any) => e.code === '23514');
      await db.query(`insert into skills (id, name) values ($1, 'English')`, [randomUUID()]);
      await assert.rejects(db.query(`insert into skills (id, name) values ($1, 'english')`, [randomUUID()]), (e: any) => e.code === '23505');
      await db.query(`insert into teams (id, name) values ($1, 'Team A')`, [randomUUID()]);
      await assert.rejects(db.query(`insert into teams (id, name) values ($1, 'TEAM A')`, [randomUUID()]), (e: any) => e.code === '23505');
      const skill = await new SkillRepository(db).findByName('ENGLISH');
      await assert.rejects(db.query('insert into user_skills (user_id, skill_id, level) values ($1, $2, 0)', [userId, skill!.id]), (e: any) => e.code === '23514');
      await assert.rejects(db.query('update queues set priority = 101'), (e: any) => e.code === '23514');
    });

    test('a second run applies nothing', async () => {
      assert.deepEqual(await runMigrations(db), []);
    });
  });
}
