import { type RecordingCipher, CHUNK_OVERHEAD_BYTES, ENCRYPTED_HEADER_BYTES, isEncryptedRecording, scanChunks } from './recording-cipher.ts';
import { RecordingUnreadableError } from './recording-errors.ts';
import type { RecordingStore } from './recording-store.ts';
import { DATA_SIZE_OFFSET, RIFF_SIZE_OFFSET, WAV_HEADER_BYTES, isRecordingWavHeader, wavHeader, wavSizeFields, wholeFrames } from './wav-format.ts';

/** Trailing chunks a power cut may leave unwritten: a flush writes about one, two at most. */
const MAX_TORN_CHUNKS = 3;

export interface RepairedFile {
  /** Audio bytes the file now holds. */
  dataBytes: number;
  /** Bytes cut from the end (a torn frame or chunk). */
  droppedBytes: number;
}

/**
 * Puts a file its writer left behind (killed mid-recording) in order, in place:
 * - plain: a torn last frame is cut and the header's sizes are set from the audio there;
 * - encrypted: a chunk cut off mid-write is cut, and so is a last chunk that does not
 *   authenticate (unwritten pages after a power cut). A chunk further in that fails is
 *   damage, not a crash: the file is left as it is and 'corrupt' thrown.
 * Running it twice changes nothing the second time.
 */
export async function repairRecordingFile(store: RecordingStore, key: string, cipher: RecordingCipher | null): Promise<RepairedFile> {
  const reader = await store.reader(key);
  if (!reader) throw new RecordingUnreadableError('not-found', 'The recording file is missing from storage');
  let plan: { kind: 'plain' | 'encrypted' | 'empty'; keep: number; dataBytes: number };
  try {
    const start = await reader.read(0, Math.max(WAV_HEADER_BYTES, ENCRYPTED_HEADER_BYTES));
    if (isEncryptedRecording(start)) {
      if (!cipher) throw new RecordingUnreadableError('key-missing', 'The recording is encrypted and RECORDING_KEY is not set');
      cipher.checkFileHeader(start.subarray(0, ENCRYPTED_HEADER_BYTES));
      const { chunks } = await scanChunks((at, length) => reader.read(at, length), reader.size);
      let kept = chunks.length;
      for (let torn = 0; kept > 0; torn++) {
        const last = chunks[kept - 1]!;
        try {
          cipher.open(await reader.read(last.offset, CHUNK_OVERHEAD_BYTES + last.length), kept - 1);
          break;
        } catch (error) {
          if (torn >= MAX_TORN_CHUNKS) throw error;
          kept--;
        }
      }
      const lastKept = chunks[kept - 1];
      const plain = chunks.slice(0, kept).reduce((sum, c) => sum + c.length, 0);
      plan = {
        kind: 'encrypted',
        keep: lastKept ? lastKept.offset + CHUNK_OVERHEAD_BYTES + lastKept.length : ENCRYPTED_HEADER_BYTES,
        dataBytes: wholeFrames(Math.max(0, plain - WAV_HEADER_BYTES)),
      };
    } else if (reader.size < WAV_HEADER_BYTES) {
      // The header never reached the disk: an empty recording.
      plan = { kind: 'empty', keep: 0, dataBytes: 0 };
    } else {
      if (!isRecordingWavHeader(start)) throw new RecordingUnreadableError('corrupt', 'The recording file is not a WAV file of our format');
      const dataBytes = wholeFrames(reader.size - WAV_HEADER_BYTES);
      plan = { kind: 'plain', keep: WAV_HEADER_BYTES + dataBytes, dataBytes };
    }
  } finally {
    await reader.close();
  }

  const sink = await store.open(key);
  if (!sink) throw new RecordingUnreadableError('not-found', 'The recording file is missing from storage');
  try {
    const droppedBytes = sink.size - plan.keep;
    if (sink.size > plan.keep) await sink.truncate(plan.keep);
    if (plan.kind === 'empty') await sink.append(wavHeader(0));
    if (plan.kind === 'plain') {
      const sizes = wavSizeFields(plan.dataBytes);
      await sink.writeAt(RIFF_SIZE_OFFSET, sizes.riff);
      await sink.writeAt(DATA_SIZE_OFFSET, sizes.data);
    }
    await sink.sync();
    return { dataBytes: plan.dataBytes, droppedBytes: Math.max(0, droppedBytes) };
  } finally {
    await sink.close();
  }
}
