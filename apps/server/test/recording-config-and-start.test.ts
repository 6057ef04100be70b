import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pino } from 'pino';
import { createServerApp } from '../src/app.ts';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { ConfigError, loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/persistence/open-database.ts';
import { seedDemo } from '../src/persistence/seed.ts';
import { QueueRepository } from '../src/queues/queue-repository.ts';
import { LocalDiskStore } from '../src/recordings/local-disk-store.ts';
import { RecordingCipher } from '../src/recordings/recording-cipher.ts';
import { RecordingFile } from '../src/recordings/recording-file.ts';
import { RecordingRepository } from '../src/recordings/recording-repository.ts';
import { recordingKeyOf } from '../src/recordings/recording-store.ts';
import { stereoTones } from './wav-decoder.ts';

const dir = await mkdtemp(join(tmpdir(), 'recordings-start-'));
after(() => rm(dir, { recursive: true, force: true }));
const base = { DATA_DIR: dir, SESSION_SECRET: randomBytes(24).toString('hex'), SIP_ENABLED: 'false' };

test('recording settings: defaults, and a malformed key or access rule stops the start in words', () => {
  const config = loadConfig(base);
  assert.deepEqual(config.recordings, { dir: join(dir, 'recordings'), key: null, agentAccess: 'none' });
  const key = randomBytes(32);
  const set = loadConfig({ ...base, RECORDINGS_DIR: '/srv/recordings', RECORDING_KEY: key.toString('base64'), RECORDINGS_AGENT_ACCESS: 'own' });
  assert.deepEqual(set.recordings, { dir: '/srv/recordings', key, agentAccess: 'own' });
  assert.ok(loadConfig({ ...base, RECORDING_KEY: key.toString('hex') }).recordings.key?.equals(key));
  for (const bad of ['', 'changeme', key.toString('hex').slice(0, 60), randomBytes(16).toString('base64')]) {
    assert.throws(
      () => loadConfig({ ...base, RECORDING_KEY: bad }),
      (e: unknown) => e instanceof ConfigError && /RECORDING_KEY: must be 32 bytes written as 64 hex characters or as base64/.test(e.message),
      JSON.stringify(bad),
    );
  }
  assert.throws(() => loadConfig({ ...base, RECORDINGS_AGENT_ACCESS: 'all' }), /RECORDINGS_AGENT_ACCESS/);
});

test('the server finishes at start the recordings a previous run left unfinished', async () => {
  const key = randomBytes(32);
  const config = loadConfig({
    ...base,
    PORT: '0',
    HOST: '127.0.0.1',
    MEDIA_WORKERS: '1',
    RTC_PORT: String(23_600 + (process.pid % 100) * 2),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RECORDING_KEY: key.toString('hex'),
    NODE_ID: 'node-after-restart',
  });
  const db = await openDatabase({ url: undefined, dataDir: null });
  await seedDemo(db, config.acdDefaults);
  const queueId = (await new QueueRepository(db).findByName('support'))!.id;
  const recordings = new RecordingRepository(db);
  const store = new LocalDiskStore(config.recordings.dir);
  const left: string[] = [];
  // One plain and one encrypted, each with 700 ms made durable and then abandoned.
  for (const cipher of [null, new RecordingCipher(key)]) {
    const callId = randomUUID();
    await new CallRecordRepository(db).create({ id: callId, queueId, channel: 'web', callerLabel: 'Caller', offeredAt: new Date(), nodeId: 'node-before-restart' });
    const id = randomUUID();
    const startedAt = new Date();
    const storageKey = recordingKeyOf(id, startedAt);
    const file = await RecordingFile.create(store, storageKey, { cipher, flushIntervalMs: 60_000 });
    file.write(stereoTones(700));
    await file.flush();
    await recordings.start({ id, callId, queueId, storageKey, encrypted: cipher !== null, nodeId: 'node-before-restart', startedAt });
    left.push(id);
  }

  let app: Awaited<ReturnType<typeof createServerApp>> | undefined;
  try {
    app = await createServerApp({ config, db, log: pino({ level: config.logLevel }) });
    for (const id of left) {
      const recording = await recordings.get(id);
      assert.equal(recording?.state, 'interrupted');
      assert.equal(recording?.durationMs, 700);
      assert.match(recording?.sha256 ?? '', /^[0-9a-f]{64}$/);
    }
    assert.equal(app.recordings.nodeId, 'node-after-restart');
    assert.ok(app.recordings.cipher, 'the configured key seals new recordings');
  } finally {
    await app?.close();
    await db.close();
  }
});
