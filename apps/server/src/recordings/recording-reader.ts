import { type RecordingCipher, type SealedChunkInfo, CHUNK_OVERHEAD_BYTES, ENCRYPTED_HEADER_BYTES, isEncryptedRecording, scanChunks } from './recording-cipher.ts';
import { RecordingUnreadableError } from './recording-errors.ts';
import type { RecordingReader, RecordingStore } from './recording-store.ts';
import { WAV_HEADER_BYTES, durationMsOf, isRecordingWavHeader, wavHeader, wholeFrames } from './wav-format.ts';

/**
 * A stored recording as the WAV file it stands for, whatever is on disk: plain or
 * encrypted, finished or cut off by a crash. The header is always made afresh from the
 * audio actually there (a file cut off carries stale sizes, an encrypted one
 * placeholders), and a torn last frame or chunk is left out, so every byte range read
 * belongs to one valid WAV of `wavBytes` bytes.
 */
export interface RecordingAudio {
  /** Size of the WAV as served: header plus whole frames. */
  readonly wavBytes: number;
  readonly dataBytes: number;
  readonly durationMs: number;
  readonly encrypted: boolean;
  /** False for a file cut off by a crash (never finished). */
  readonly complete: boolean;
  /** The WAV's bytes [start, end), in blocks. */
  read(start: number, end: number): AsyncGenerator<Buffer>;
  /** The whole WAV in memory (tests, small files). */
  readAll(): Promise<Buffer>;
  /** Idempotent. */
  close(): Promise<void>;
}

/** Opens `key` from `store`. Throws RecordingUnreadableError when it cannot be read. */
export async function openRecordingAudio(
  store: RecordingStore,
  key: string,
  cipher: RecordingCipher | null,
): Promise<RecordingAudio> {
  const reader = await store.reader(key);
  if (!reader) throw new RecordingUnreadableError('not-found', 'The recording file is missing from storage');
  try {
    const start = await reader.read(0, Math.max(WAV_HEADER_BYTES, ENCRYPTED_HEADER_BYTES));
    if (isEncryptedRecording(start)) {
      if (!cipher) {
        throw new RecordingUnreadableError('key-missing', 'The recording is encrypted and RECORDING_KEY is not set');
      }
      return await EncryptedAudio.open(reader, cipher, start);
    }
    return PlainAudio.open(reader, start);
  } catch (error) {
    await reader.close();
    throw error;
  }
}

/** Reads of at most this many bytes each, so a long file streams in bounded memory. */
const BLOCK = 256 * 1024;

abstract class AudioBase implements RecordingAudio {
  private closing: Promise<void> | null = null;
  abstract readonly wavBytes: number;
  abstract readonly encrypted: boolean;
  abstract readonly complete: boolean;

  constructor(protected readonly reader: RecordingReader) {}

  get dataBytes(): number {
    return this.wavBytes - WAV_HEADER_BYTES;
  }

  get durationMs(): number {
    return durationMsOf(this.dataBytes);
  }

  async *read(start: number, end: number): AsyncGenerator<Buffer> {
    const to = Math.min(end, this.wavBytes);
    let at = Math.max(0, start);
    if (at < WAV_HEADER_BYTES && at < to) {
      yield wavHeader(this.dataBytes).subarray(at, Math.min(to, WAV_HEADER_BYTES));
      at = WAV_HEADER_BYTES;
    }
    if (at < to) yield* this.readData(at, to);
  }

  async readAll(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const part of this.read(0, this.wavBytes)) parts.push(part);
    return Buffer.concat(parts);
  }

  /** Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.reader.close();
    return this.closing;
  }

  /** WAV bytes [start, end), both past the header. */
  protected abstract readData(start: number, end: number): AsyncGenerator<Buffer>;
}

/** A WAV file on disk: the audio is at the same offsets as in the WAV served. */
class PlainAudio extends AudioBase {
  readonly encrypted = false;

  private constructor(
    reader: RecordingReader,
    readonly wavBytes: number,
    readonly complete: boolean,
  ) {
    super(reader);
  }

  static open(reader: RecordingReader, start: Buffer): PlainAudio {
    // Shorter than a header: the writer died before its first write reached the disk.
    if (reader.size < WAV_HEADER_BYTES) return new PlainAudio(reader, WAV_HEADER_BYTES, false);
    if (!isRecordingWavHeader(start)) throw new RecordingUnreadableError('corrupt', 'The recording file is not a WAV file of our format');
    const dataBytes = wholeFrames(reader.size - WAV_HEADER_BYTES);
    const complete = start.readUInt32LE(40) === dataBytes && reader.size === WAV_HEADER_BYTES + dataBytes;
    return new PlainAudio(reader, WAV_HEADER_BYTES + dataBytes, complete);
  }

  protected async *readData(start: number, end: number): AsyncGenerator<Buffer> {
    for (let at = start; at < end; ) {
      const block = await this.reader.read(at, Math.min(BLOCK, end - at));
      if (block.length === 0) throw new RecordingUnreadableError('corrupt', 'The recording file shrank while it was read');
      yield block;
      at += block.length;
    }
  }
}

/**
 * An encrypted file: the WAV stream is the chunks' plaintexts one after another, so
 * WAV byte b is plaintext byte b. A range decrypts only the chunks it overlaps (about a
 * second each), so seeking in a long recording costs a second of audio, not the file;
 * the chunk table comes from the length prefixes, read without decrypting.
 */
class EncryptedAudio extends AudioBase {
  readonly encrypted = true;

  private constructor(
    reader: RecordingReader,
    private readonly cipher: RecordingCipher,
    /** Complete chunks, with where each starts in the plaintext. */
    private readonly chunks: Array<SealedChunkInfo & { plainStart: number }>,
    readonly wavBytes: number,
    readonly complete: boolean,
  ) {
    super(reader);
  }

  static async open(reader: RecordingReader, cipher: RecordingCipher, start: Buffer): Promise<EncryptedAudio> {
    cipher.checkFileHeader(start.subarray(0, ENCRYPTED_HEADER_BYTES));
    const scan = await scanChunks((position, length) => reader.read(position, length), reader.size);
    let plainStart = 0;
    const chunks = scan.chunks.map((chunk) => {
      const placed = { ...chunk, plainStart };
      plainStart += chunk.length;
      return placed;
    });
    const audio = new EncryptedAudio(reader, cipher, chunks, WAV_HEADER_BYTES, scan.final);
    if (plainStart < WAV_HEADER_BYTES) return audio;
    // The header inside holds placeholder sizes; only its format is checked.
    const parts: Buffer[] = [];
    for await (const part of audio.plaintext(0, WAV_HEADER_BYTES)) parts.push(part);
    const header = Buffer.concat(parts);
    if (!isRecordingWavHeader(header)) throw new RecordingUnreadableError('corrupt', 'The decrypted recording is not a WAV stream of our format');
    return new EncryptedAudio(reader, cipher, chunks, WAV_HEADER_BYTES + wholeFrames(plainStart - WAV_HEADER_BYTES), scan.final);
  }

  protected readData(start: number, end: number): AsyncGenerator<Buffer> {
    return this.plaintext(start, end);
  }

  private async *plaintext(start: number, end: number): AsyncGenerator<Buffer> {
    for (let i = this.chunkAt(start); i < this.chunks.length; i++) {
      const chunk = this.chunks[i]!;
      if (chunk.plainStart >= end) return;
      const framed = await this.reader.read(chunk.offset, CHUNK_OVERHEAD_BYTES + chunk.length);
      const plain = this.cipher.open(framed, i);
      yield plain.subarray(Math.max(0, start - chunk.plainStart), Math.min(chunk.length, end - chunk.plainStart));
    }
  }

  /** Index of the chunk holding plaintext byte `position` (binary search). */
  private chunkAt(position: number): number {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.chunks[mid]!.plainStart <= position) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
