import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { decodeWav, stereoTones } from '../../test/wav-decoder.ts';
import { LocalDiskStore } from './local-disk-store.ts';
import { ENCRYPTED_HEADER_BYTES, RecordingCipher, parseRecordingKey, scanChunks } from './recording-cipher.ts';
import { RecordingUnreadableError } from './recording-errors.ts';
import { RecordingFile } from './recording-file.ts';
import { openRecordingAudio } from './recording-reader.ts';
import { RECORDING_SAMPLE_RATE, WAV_HEADER_BYTES } from './wav-format.ts';

const root = await mkdtemp(join(tmpdir(), 'recordings-'));
after(() => rm(root, { recursive: true, force: true }));
const store = new LocalDiskStore(root);
const cipher = new RecordingCipher(randomBytes(32));
let n = 0;
const newKey = () => `2026/11/25/test-${++n}.wav`;

/** Writes `ms` of two tones in 20 ms frames, as the mixer would, and finishes. */
async function record(key: string, ms: number, options: { cipher?: RecordingCipher } = {}) {
  const file = await RecordingFile.create(store, key, options);
  for (let at = 0; at < ms; at += 20) file.write(stereoTones(20, (at * RECORDING_SAMPLE_RATE) / 1000));
  return file.finish();
}

async function readWav(key: string, withCipher: RecordingCipher | null = cipher) {
  const audio = await openRecordingAudio(store, key, withCipher);
  try {
    return { audio, wav: await audio.readAll() };
  } finally {
    await audio.close();
  }
}

const rejectsWith = (reason: RecordingUnreadableError['reason']) => (error: unknown) =>
  error instanceof RecordingUnreadableError && error.reason === reason;

describe('RecordingFile, plain WAV', () => {
  test('writes a correct 16 kHz stereo PCM header and the samples exactly', async () => {
    const key = newKey();
    const finished = await record(key, 2_500);
    const onDisk = await readFile(join(root, key));
    const wav = decodeWav(onDisk);
    assert.deepEqual(
      { format: wav.format, channels: wav.channels, sampleRate: wav.sampleRate, byteRate: wav.byteRate, blockAlign: wav.blockAlign, bits: wav.bitsPerSample },
      { format: 1, channels: 2, sampleRate: 16_000, byteRate: 64_000, blockAlign: 4, bits: 16 },
    );
    assert.equal(onDisk.length, WAV_HEADER_BYTES + 2.5 * 64_000);
    assert.equal(onDisk.toString('ascii', 36, 40), 'data');
    const expected = stereoTones(2_500);
    for (let i = 0; i < expected.length / 2; i++) {
      if (wav.samples[0]![i] !== expected[2 * i] || wav.samples[1]![i] !== expected[2 * i + 1]) assert.fail(`sample ${i} differs`);
    }
    assert.deepEqual(finished, {
      bytes: onDisk.length,
      durationMs: 2_500,
      sha256: createHash('sha256').update(onDisk).digest('hex'),
    });
    const { audio, wav: served } = await readWav(key, null);
    assert.equal(audio.complete, true);
    assert.ok(served.equals(onDisk), 'a finished plain file is served as it is stored');
  });

  test('a file still being written is readable up to its last flush', async () => {
    const key = newKey();
    const file = await RecordingFile.create(store, key, { flushIntervalMs: 60_000 });
    file.write(stereoTones(1_000));
    await file.flush();
    file.write(stereoTones(500, 16_000));
    assert.equal(file.durationMs, 1_500);
    const { audio, wav } = await readWav(key, null);
    assert.equal(audio.complete, true, 'sizes are patched at every flush');
    assert.equal(decodeWav(wav).durationMs, 1_000);
    await file.finish();
    assert.equal(decodeWav((await readWav(key, null)).wav).durationMs, 1_500);
  });

  test('a file cut mid-frame reads as a valid WAV of the whole frames before the cut', async () => {
    const key = newKey();
    await record(key, 1_000);
    await truncate(join(root, key), WAV_HEADER_BYTES + 4 * 1_000 + 3);
    const { audio, wav } = await readWav(key, null);
    assert.equal(audio.complete, false);
    const decoded = decodeWav(wav);
    assert.equal(decoded.samples[0]!.length, 1_000);
    assert.deepEqual([...decoded.samples[1]!.subarray(0, 5)], [...stereoTones(1_000).filter((_, i) => i % 2 === 1).subarray(0, 5)]);
  });

  test('a file with no audio and one shorter than its header read as empty WAVs', async () => {
    const key = newKey();
    await record(key, 0);
    assert.equal(decodeWav((await readWav(key, null)).wav).durationMs, 0);
    await truncate(join(root, key), 10);
    assert.equal(decodeWav((await readWav(key, null)).wav).durationMs, 0);
  });

  test('ranges read exactly the bytes of the whole WAV', async () => {
    const key = newKey();
    await record(key, 1_200);
    const { wav } = await readWav(key, null);
    const audio = await openRecordingAudio(store, key, null);
    try {
      for (const [start, end] of [[0, 10], [40, 50], [44, 45], [1_000, 70_000], [wav.length - 7, wav.length], [0, wav.length]] as const) {
        const parts: Buffer[] = [];
        for await (const part of audio.read(start, end)) parts.push(part);
        assert.ok(Buffer.concat(parts).equals(wav.subarray(start, end)), `range ${start}-${end}`);
      }
    } finally {
      await audio.close();
    }
  });
});

describe('RecordingFile, encrypted', () => {
  test('round trip: nothing readable on disk, the same WAV served as a plain recording', async () => {
    const plainKey = newKey();
    const key = newKey();
    await record(plainKey, 3_000);
    const finished = await record(key, 3_000, { cipher });
    const onDisk = await readFile(join(root, key));
    assert.equal(onDisk.toString('ascii', 0, 8), 'CCRECENC');
    assert.equal(onDisk.indexOf('RIFF'), -1);
    assert.equal(onDisk.indexOf(Buffer.from(stereoTones(20).buffer)), -1);
    assert.deepEqual(finished, { bytes: onDisk.length, durationMs: 3_000, sha256: createHash('sha256').update(onDisk).digest('hex') });
    const { audio, wav } = await readWav(key);
    assert.equal(audio.encrypted, true);
    assert.equal(audio.complete, true);
    assert.ok(wav.equals(await readFile(join(root, plainKey))));
  });

  test('ranges across the header and chunk boundaries decrypt only what they cover, exactly', async () => {
    const key = newKey();
    await record(key, 2_600, { cipher });
    const { wav } = await readWav(key);
    const audio = await openRecordingAudio(store, key, cipher);
    try {
      for (const [start, end] of [[0, 44], [30, 100], [63_990, 64_100], [64_044, 128_044], [100_000, wav.length], [wav.length - 1, wav.length]] as const) {
        const parts: Buffer[] = [];
        for await (const part of audio.read(start, end)) parts.push(part);
        assert.ok(Buffer.concat(parts).equals(wav.subarray(start, end)), `range ${start}-${end}`);
      }
    } finally {
      await audio.close();
    }
  });

  test('a tampered chunk is detected', async () => {
    const key = newKey();
    await record(key, 3_000, { cipher });
    const path = join(root, key);
    const original = await readFile(path);
    const flipped = Buffer.from(original);
    flipped[ENCRYPTED_HEADER_BYTES + 64_100] = flipped[ENCRYPTED_HEADER_BYTES + 64_100]! ^ 0x01;
    await writeFile(path, flipped);
    await assert.rejects(readWav(key), rejectsWith('corrupt'));
  });

  test('chunks swapped in place fail authentication (their index is sealed in)', async () => {
    const key = newKey();
    await record(key, 3_000, { cipher });
    const path = join(root, key);
    const file = await readFile(path);
    const { chunks } = await scanChunks(async (at, length) => file.subarray(at, at + length), file.length);
    // Two chunks of the same length, so the framing still parses after the swap.
    const [a, b] = [chunks[1]!, chunks[2]!];
    assert.equal(a.length, b.length);
    const size = b.offset - a.offset;
    const first = Buffer.from(file.subarray(a.offset, a.offset + size));
    file.copy(file, a.offset, b.offset, b.offset + size);
    first.copy(file, b.offset);
    await writeFile(path, file);
    await assert.rejects(readWav(key), rejectsWith('corrupt'));
  });

  test('another key, or none, is refused in words', async () => {
    const key = newKey();
    await record(key, 500, { cipher });
    await assert.rejects(readWav(key, new RecordingCipher(randomBytes(32))), rejectsWith('wrong-key'));
    await assert.rejects(readWav(key, null), rejectsWith('key-missing'));
  });

  test('a file cut mid-chunk keeps every complete chunk, as a valid WAV', async () => {
    const key = newKey();
    await record(key, 3_000, { cipher });
    const path = join(root, key);
    const file = await readFile(path);
    const { chunks } = await scanChunks(async (at, length) => file.subarray(at, at + length), file.length);
    const last = chunks.at(-2)!;
    await truncate(path, last.offset + 1_000);
    const { audio, wav } = await readWav(key);
    assert.equal(audio.complete, false, 'no final chunk');
    const kept = chunks.slice(0, -2).reduce((sum, c) => sum + c.length, 0) - WAV_HEADER_BYTES;
    assert.ok(kept > 64_000);
    const decoded = decodeWav(wav);
    assert.equal(decoded.samples[0]!.length, Math.floor(kept / 4));
    const expected = stereoTones(3_000);
    const lastFrame = decoded.samples[0]!.length - 1;
    assert.deepEqual([decoded.samples[0]![lastFrame], decoded.samples[1]![lastFrame]], [expected[2 * lastFrame], expected[2 * lastFrame + 1]]);
  });
});

describe('parseRecordingKey', () => {
  const key = randomBytes(32);
  test('takes 64 hex characters and base64, standard or URL-safe, padded or not', () => {
    assert.ok(parseRecordingKey(key.toString('hex')).equals(key));
    assert.ok(parseRecordingKey(key.toString('hex').toUpperCase()).equals(key));
    assert.ok(parseRecordingKey(key.toString('base64')).equals(key));
    assert.ok(parseRecordingKey(key.toString('base64url')).equals(key));
  });
  test('refuses anything else', () => {
    for (const bad of ['', 'secret', key.toString('hex').slice(2), randomBytes(31).toString('base64'), randomBytes(33).toString('hex'), `${key.toString('hex').slice(1)}g`]) {
      assert.throws(() => parseRecordingKey(bad), /32 bytes/);
    }
  });
});
