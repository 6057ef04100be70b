import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import type { Database } from '../src/persistence/database.ts';
import { migrations, runMigrations } from '../src/persistence/migrations.ts';
import { PhoneNumberRepository } from '../src/phone-numbers/phone-number-repository.ts';
import { QueueRepository } from '../src/queues/queue-repository.ts';
import { TrunkRepository } from '../src/trunks/trunk-repository.ts';
import { databaseBackends } from './database-backends.ts';

/** Applies migrations 1 and 2 alone, as a database made before v3 existed would have them. */
async function migrateToV2(db: Database): Promise<void> {
  await db.exec(`create table schema_migrations (
    version integer primary key, name text not null, applied_at timestamptz not null default now())`);
  for (const m of migrations.filter((m) => m.version <= 2)) {
    await db.exec(m.sql);
    await db.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
  }
}

const isCode = (code: string) => (e: any) => e.code === code;

/** Migration v3 over data written under v2, on both backends. */
for (const backend of databaseBackends()) {
  describe(`migration v3 on ${backend.name}`, async () => {
    const { db, drop } = await backend.open();
    after(drop);
    const queueId = randomUUID();
    const callId = randomUUID();

    test('upgrades a v2 database: old queues have no outbound caller ID, old calls are inbound with their queue’s threshold', async () => {
      await migrateToV2(db);
      await db.query(`insert into queues (id, name, display_name) values ($1, 'legacy', 'Legacy')`, [queueId]);
      await db.query(
        `insert into calls (id, queue_id, channel, caller_label, state, offered_at, node_id)
         values ($1, $2, 'pstn', 'Caller', 'ended', now(), 'n1')`,
        [callId, queueId],
      );

      assert.deepEqual(await runMigrations(db), migrations.filter((m) => m.version >= 3).map((m) => m.version));
      assert.equal((await new QueueRepository(db).findById(queueId))?.outboundCallerId, null);
      const { rows } = await db.query<{ direction: string; remote_number: string | null; service_level_seconds: number }>(
        'select direction, remote_number, service_level_seconds from calls where id = $1',
        [callId],
      );
      // v6 gives calls from before it the threshold their queue has (v2's default, 20 s).
      assert.deepEqual(rows, [{ direction: 'inbound', remote_number: null, service_level_seconds: 20 }]);
      assert.deepEqual(await new TrunkRepository(db).list(), []);
      assert.deepEqual(await new PhoneNumberRepository(db).list(), []);
    });

    test('a trunk inserted with only its required columns takes the documented defaults', async () => {
      const id = randomUUID();
      await db.query(`insert into sip_trunks (id, name, mode) values ($1, 'Carrier', 'ip')`, [id]);
      assert.deepEqual(await new TrunkRepository(db).findById(id), {
        id,
        name: 'Carrier',
        mode: 'ip',
        allowedSources: [],
        outboundHost: null,
        outboundPort: 5060,
        transport: 'udp',
        username: null,
        password: null,
        registerExpiresSeconds: 3600,
        defaultCallerId: null,
        enabled: true,
      });
    });

    test('the new constraints hold in the database itself', async () => {
      const trunk = (await new TrunkRepository(db).list())[0]!;
      await assert.rejects(db.query(`insert into sip_trunks (id, name, mode) values ($1, 'CARRIER', 'ip')`, [randomUUID()]), isCode('23505'));
      await assert.rejects(db.query(`insert into sip_trunks (id, name, mode) values ($1, 'x', 'peer')`, [randomUUID()]), isCode('23514'));
      await assert.rejects(
        db.query(`insert into sip_trunks (id, name, mode, outbound_host) values ($1, 'reg', 'register', 'sip.example.com')`, [randomUUID()]),
        isCode('23514'),
        'a register trunk without credentials',
      );
      await assert.rejects(db.query(`update sip_trunks set register_expires_seconds = 59`), isCode('23514'));
      await assert.rejects(db.query(`update sip_trunks set transport = 'tls'`), isCode('23514'));
      await assert.rejects(db.query(`update calls set direction = 'sideways'`), isCode('23514'));
      await assert.rejects(db.query(`insert into phone_numbers (number, queue_id) values ('12 34', $1)`, [queueId]), isCode('23514'));
      await assert.rejects(db.query(`insert into phone_numbers (number, queue_id) values ('1234', $1)`, [randomUUID()]), isCode('23503'));

      await db.query(`insert into phone_numbers (number, queue_id, trunk_id) values ('+4930123456', $1, $2)`, [queueId, trunk.id]);
      await assert.rejects(db.query('delete from queues where id = $1', [queueId]), isCode('23503'), 'a queue a number leads to stays');
      await db.query('delete from sip_trunks where id = $1', [trunk.id]);
      assert.deepEqual(await new PhoneNumberRepository(db).findByNumber('+4930123456'), {
        number: '+4930123456',
        queueId,
        queueName: 'legacy',
        trunkId: null,
        label: null,
      });
    });

    test('a second run applies nothing', async () => {
      assert.deepEqual(await runMigrations(db), []);
    });
  });
}
