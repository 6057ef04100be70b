import { type RecordingCipher, MAX_CHUNK_PLAINTEXT } from './recording-cipher.ts';
import { type RecordingSink, type RecordingStore, digestOf } from './recording-store.ts';
import {
  BYTES_PER_SECOND,
  DATA_SIZE_OFFSET,
  MAX_DATA_BYTES,
  RIFF_SIZE_OFFSET,
  RECORDING_CHANNELS,
  WAV_HEADER_BYTES,
  durationMsOf,
  pcmBytes,
  wavHeader,
  wavSizeFields,
} from './wav-format.ts';

export interface RecordingFileOptions {
  /** Seal the file with AES-256-GCM (recording-cipher.ts); null or absent: a plain WAV. */
  cipher?: RecordingCipher | null;
  /** How often buffered audio is made durable. Default 1 000 ms. */
  flushIntervalMs?: number;
  /** The first write failure (disk full, I/O error); the file then stops taking audio. */
  onError?: (error: Error) => void;
}

export interface FinishedRecordingFile {
  /** Size of the stored file. */
  bytes: number;
  durationMs: number;
  /** SHA-256 (hex) of the stored file, read back from the store. */
  sha256: string;
}

/** Chunks of about a second of audio: what a crash may lose, and what a seek decrypts. */
const CHUNK_BYTES = Math.min(BYTES_PER_SECOND, MAX_CHUNK_PLAINTEXT);

/**
 * One recording being written: audio is buffered in memory and made durable about once
 * a second, so a crash (even kill -9, or a power cut after the last sync) loses at most
 * the last second or two, never the file.
 *
 * - Plain WAV: each flush appends the audio, patches the RIFF and data sizes in the
 *   header, then fsyncs. A crash between the append and the patch leaves stale sizes,
 *   which the reader and recovery fix from the file's length.
 * - Encrypted: each flush appends the buffered WAV stream as sealed chunks of at most a
 *   second and fsyncs; the WAV header inside keeps placeholder sizes (0), which the
 *   reader replaces. finish() seals a last chunk flagged final.
 *
 * write() never blocks and never throws for I/O: the mixer's clock must not wait on a
 * disk. Flushes run one at a time on a promise chain.
 */
export class RecordingFile {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private audioBytes = 0;
  private chunkIndex = 0;
  private chain: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private error: Error | null = null;
  private finishing: Promise<FinishedRecordingFile> | null = null;

  private constructor(
    private readonly store: RecordingStore,
    readonly key: string,
    private readonly sink: RecordingSink,
    private readonly cipher: RecordingCipher | null,
    private readonly options: RecordingFileOptions,
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 1_000);
    // A recording alone must not keep the process alive.
    this.timer.unref();
  }

  /** A new file at `key` (which must not exist yet), its header already durable. */
  static async create(store: RecordingStore, key: string, options: RecordingFileOptions = {}): Promise<RecordingFile> {
    const cipher = options.cipher ?? null;
    const sink = await store.create(key);
    try {
      await sink.append(cipher ? cipher.fileHeader() : wavHeader(0));
      await sink.sync();
    } catch (error) {
      await sink.close().catch(() => {});
      throw error;
    }
    const file = new RecordingFile(store, key, sink, cipher, options);
    // The encrypted stream carries the WAV header in its first chunk.
    if (cipher) file.enqueue(wavHeader(0));
    return file;
  }

  /** True once a write failed: the audio after the last durable flush is lost. */
  get failed(): boolean {
    return this.error !== null;
  }

  get encrypted(): boolean {
    return this.cipher !== null;
  }

  /** Audio taken so far (durable or not): where a mark placed now begins. */
  get durationMs(): number {
    return durationMsOf(this.audioBytes);
  }

  /**
   * Interleaved stereo samples (left = customer, right = agent side) at
   * RECORDING_SAMPLE_RATE. Ignored once the file is finishing or has failed.
   */
  write(samples: Int16Array): void {
    if (samples.length % RECORDING_CHANNELS !== 0) throw new RangeError('Stereo samples come in pairs');
    if (this.finishing || this.error || samples.length === 0) return;
    const bytes = pcmBytes(samples);
    if (this.audioBytes + bytes.length > MAX_DATA_BYTES) {
      this.fail(new Error('The recording reached the largest size a WAV file can describe'));
      return;
    }
    this.audioBytes += bytes.length;
    this.enqueue(bytes);
    // A writer faster than real time (tests, a backlog) flushes by size too, in whole chunks.
    if (this.pendingBytes >= 2 * CHUNK_BYTES) void this.enqueueFlush('whole-chunks');
  }

  /** Makes everything written so far durable. */
  flush(): Promise<void> {
    return this.enqueueFlush('all');
  }

  /**
   * Writes what is buffered, seals the file and closes it, then reads it back for its
   * checksum. Idempotent. Rejects with the write error if one happened.
   */
  finish(): Promise<FinishedRecordingFile> {
    this.finishing ??= (async () => {
      clearInterval(this.timer);
      await this.enqueueFlush('final');
      if (this.error) {
        await this.sink.close().catch(() => {});
        throw this.error;
      }
      await this.sink.close();
      const digest = await digestOf(this.store, this.key);
      if (!digest) throw new Error(`The recording ${this.key} vanished from storage`);
      return { bytes: digest.bytes, durationMs: this.durationMs, sha256: digest.sha256 };
    })();
    return this.finishing;
  }

  private enqueue(bytes: Buffer): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  /** whole-chunks keeps a partial chunk buffered; final also seals the file. */
  private enqueueFlush(what: 'whole-chunks' | 'all' | 'final'): Promise<void> {
    this.chain = this.chain.then(() => (this.error ? undefined : this.writePending(what))).catch((error: unknown) => {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    });
    return this.chain;
  }

  private async writePending(what: 'whole-chunks' | 'all' | 'final'): Promise<void> {
    const final = what === 'final';
    const take = what === 'whole-chunks' ? this.pendingBytes - (this.pendingBytes % CHUNK_BYTES) : this.pendingBytes;
    if (take === 0 && !final) return;
    const buffered = Buffer.concat(this.pending);
    const bytes = buffered.subarray(0, take);
    this.pending = take < buffered.length ? [buffered.subarray(take)] : [];
    this.pendingBytes = buffered.length - take;
    if (this.cipher) {
      const pieces: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += CHUNK_BYTES) pieces.push(bytes.subarray(at, at + CHUNK_BYTES));
      // A finished file always ends with a final chunk, empty if nothing was left.
      if (final && pieces.length === 0) pieces.push(Buffer.alloc(0));
      for (const [i, piece] of pieces.entries()) {
        await this.sink.append(this.cipher.seal(piece, this.chunkIndex++, final && i === pieces.length - 1));
      }
    } else {
      await this.sink.append(bytes);
      const sizes = wavSizeFields(this.sink.size - WAV_HEADER_BYTES);
      await this.sink.writeAt(RIFF_SIZE_OFFSET, sizes.riff);
      await this.sink.writeAt(DATA_SIZE_OFFSET, sizes.data);
    }
    await this.sink.sync();
  }

  private fail(error: Error): void {
    if (this.error) return;
    this.error = error;
    this.pending = [];
    this.pendingBytes = 0;
    clearInterval(this.timer);
    try {
      this.options.onError?.(error);
    } catch {
      // The listener's own failure must not break the flush chain.
    }
  }
}
