import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import type { Database } from '../src/persistence/database.ts';
import { runMigrations } from '../src/persistence/migrations.ts';
import { openPgliteDatabase } from '../src/persistence/pglite-database.ts';
import { seedDemo } from '../src/persistence/seed.ts';
import { QueueRepository } from '../src/queues/queue-repository.ts';
import { LocalDiskStore } from '../src/recordings/local-disk-store.ts';
import { RecordingCipher } from '../src/recordings/recording-cipher.ts';
import { RecordingFile } from '../src/recordings/recording-file.ts';
import { openRecordingAudio } from '../src/recordings/recording-reader.ts';
import { RecordingRecovery } from '../src/recordings/recording-recovery.ts';
import { RecordingRepository } from '../src/recordings/recording-repository.ts';
import { recordingKeyOf } from '../src/recordings/recording-store.ts';
import { decodeWav, stereoTones } from './wav-decoder.ts';

/**
 * Issue #5, below the media: a process writing a RecordingFile in real time is killed
 * with SIGKILL; the file keeps the audio up to the last second made durable (plain and
 * encrypted), and recovery finalises it as 'interrupted' with its true checksum and
 * duration. (recording-crash.test.ts does the same with a whole server and a phone call.)
 */
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
let db: Database;
let root: string;
let store: LocalDiskStore;
let recordings: RecordingRepository;
let queueId: string;

before(async () => {
  db = await openPgliteDatabase(undefined);
  await runMigrations(db);
  await seedDemo(db, { ringTimeoutMs: 20_000, wrapUpMs: 15_000 });
  queueId = (await new QueueRepository(db).findByName('support'))!.id;
  root = await mkdtemp(join(tmpdir(), 'recording-crash-'));
  store = new LocalDiskStore(root);
  recordings = new RecordingRepository(db);
});
after(async () => {
  await db.close();
  await rm(root, { recursive: true, force: true });
});

/** A call and a recording row for it, in state 'recording' on `nodeId`. */
async function recordingRow(nodeId: string, options: { encrypted?: boolean } = {}) {
  const callId = randomUUID();
  await new CallRecordRepository(db).create({ id: callId, queueId, channel: 'web', callerLabel: 'Caller', offeredAt: new Date(), nodeId });
  const id = randomUUID();
  const startedAt = new Date();
  const storageKey = recordingKeyOf(id, startedAt);
  await recordings.start({ id, callId, queueId, storageKey, encrypted: options.encrypted ?? false, nodeId, startedAt });
  return { id, callId, storageKey, startedAt };
}

/** Runs the writer child for `ms` after its file exists, then kills it with SIGKILL. */
async function recordThenKill(key: string, ms: number, hexKey?: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'recording-writer-child.ts'), root, key, ...(hexKey ? [hexKey] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
  await new Promise<void>((resolveStarted, reject) => {
    const timer = setTimeout(() => reject(new Error(`the writer did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`recording ${key}`)) {
        clearTimeout(timer);
        resolveStarted();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`the writer exited early:\n${output}`)));
  });
  await new Promise((r) => setTimeout(r, ms));
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
}

const recovery = (cipher: RecordingCipher | null, isNodeAlive: (nodeId: string) => boolean = () => false) =>
  new RecordingRecovery({ repository: recordings, store, cipher, nodeId: 'node-restarted', isNodeAlive, log });

/** Every sample of the decoded audio is the tone the writer sent. */
function assertTonesFromStart(wav: Buffer, durationMs: number) {
  const decoded = decodeWav(wav);
  assert.equal(decoded.channels, 2);
  assert.equal(Math.floor(decoded.durationMs), durationMs);
  const expected = stereoTones(durationMs);
  for (let i = 0; i < decoded.samples[0]!.length; i++) {
    if (decoded.samples[0]![i] !== expected[2 * i] || decoded.samples[1]![i] !== expected[2 * i + 1]) {
      assert.fail(`frame ${i} of ${decoded.samples[0]!.length} is not the tone that was recorded`);
    }
  }
}

describe('a writer killed with SIGKILL after about 3 s', () => {
  test('plain WAV: recovery repairs the header in place; the file plays at least 1.5 s', async () => {
    const row = await recordingRow('node-crashed');
    await recordThenKill(row.storageKey, 3_000);

    const recovered = await recovery(null).recoverAtStart();
    assert.deepEqual(recovered.map((r) => r.id), [row.id]);
    const stored = (await recordings.get(row.id))!;
    const onDisk = await readFile(join(root, row.storageKey));
    assert.equal(stored.state, 'interrupted');
    assert.ok(stored.durationMs! >= 1_500, `only ${stored.durationMs} ms survived`);
    assert.equal(stored.bytes, onDisk.length);
    assert.equal(stored.sha256, createHash('sha256').update(onDisk).digest('hex'));
    assert.equal(Date.parse(stored.endedAt!), row.startedAt.getTime() + stored.durationMs!);
    // The file itself is now a valid WAV, whatever player opens it.
    assertTonesFromStart(onDisk, stored.durationMs!);
    assert.deepEqual(await recovery(null).recoverAtStart(), [], 'a second start finds nothing to do');
  });

  test('encrypted: every complete chunk survives, and the served WAV plays at least 1.5 s', async () => {
    const key = randomBytes(32);
    const cipher = new RecordingCipher(key);
    const row = await recordingRow('node-crashed', { encrypted: true });
    await recordThenKill(row.storageKey, 3_000, key.toString('hex'));

    const [recovered] = await recovery(cipher).recoverAtStart();
    assert.equal(recovered?.id, row.id);
    const stored = (await recordings.get(row.id))!;
    const onDisk = await readFile(join(root, row.storageKey));
    assert.equal(stored.state, 'interrupted');
    assert.ok(stored.durationMs! >= 1_500, `only ${stored.durationMs} ms survived`);
    assert.equal(stored.sha256, createHash('sha256').update(onDisk).digest('hex'));
    const audio = await openRecordingAudio(store, row.storageKey, cipher);
    try {
      assert.equal(audio.complete, false, 'no final chunk: the writer never finished');
      assert.equal(audio.durationMs, stored.durationMs);
      assertTonesFromStart(await audio.readAll(), stored.durationMs!);
    } finally {
      await audio.close();
    }
  });
});

describe('which unfinished recordings recovery takes', () => {
  async function fileFor(row: { storageKey: string }, ms: number) {
    const file = await RecordingFile.create(store, row.storageKey, { flushIntervalMs: 60_000 });
    file.write(stereoTones(ms));
    await file.flush();
    // Left unfinished, as a crash leaves it; its timer is unref'd.
  }

  test("a live node's recordings are left alone; a dead node's and this node's earlier run's are finished", async () => {
    for (const r of await recordings.listInProgress()) {
      await recordings.finish(r.id, { state: 'interrupted', bytes: 0, durationMs: 0, sha256: '0'.repeat(64), endedAt: new Date() });
    }
    const alive = await recordingRow('node-alive');
    const dead = await recordingRow('node-dead');
    const ownEarlierRun = await recordingRow('node-restarted');
    for (const row of [alive, dead, ownEarlierRun]) await fileFor(row, 500);
    const elsewhere = await recordingRow('node-dead-elsewhere');

    const recovered = await recovery(null, (nodeId) => nodeId === 'node-alive').recoverAtStart();
    assert.deepEqual(new Set(recovered.map((r) => r.id)), new Set([dead.id, ownEarlierRun.id]));
    assert.equal((await recordings.get(alive.id))?.state, 'recording');
    // Its file is on another node's disk: that node recovers it.
    assert.equal((await recordings.get(elsewhere.id))?.state, 'recording');
    assert.equal((await recordings.get(dead.id))?.durationMs, 500);
  });

  test('spans still open at the crash end where the audio ends', async () => {
    const row = await recordingRow('node-dead');
    await fileFor(row, 800);
    const markId = await recordings.openMark(row.id, 'hold', 300, null);
    await recovery(null, (nodeId) => nodeId === 'node-alive').recoverAtStart();
    const stored = (await recordings.get(row.id))!;
    assert.deepEqual(
      stored.marks.map((m) => ({ id: m.id, kind: m.kind, startMs: m.startMs, endMs: m.endMs })),
      [{ id: markId, kind: 'hold', startMs: 300, endMs: 800 }],
    );
  });
});
