import type { RecordingMarkKind } from '@cc/shared';
import type { Logger } from '../logging/logger.ts';
import type { RecordingCipher } from './recording-cipher.ts';
import { RecordingFile } from './recording-file.ts';
import { repairRecordingFile } from './recording-repair.ts';
import type { RecordingRepository, StoredRecording } from './recording-repository.ts';
import { type RecordingStore, digestOf, recordingKeyOf } from './recording-store.ts';
import { durationMsOf } from './wav-format.ts';

export interface RecordingSessionDeps {
  store: RecordingStore;
  repository: RecordingRepository;
  cipher: RecordingCipher | null;
  nodeId: string;
  log: Logger;
}

/**
 * One call's recording, from Record (or the answer, for queues that record all) to the
 * end of the call: the file (recording-file.ts) and its metadata together. The media
 * side calls write() with the mixed stereo PCM on its clock; the call side reports who
 * took part, holds and pauses. Those methods return at once: their database writes run
 * in order on a promise chain (failures are logged), so nothing here holds up media.
 *
 * A pause keeps the clock running and writes silence in place of the audio (card
 * numbers must not be on the recording, and the timeline must still match the call);
 * a hold changes nothing in the audio and is only marked.
 */
export class RecordingSession {
  private pausedMark: { id: Promise<string | null>; byUserId: string | null } | null = null;
  private holdMark: Promise<string | null> | null = null;
  private metadata: Promise<unknown> = Promise.resolve();
  private finishing: Promise<StoredRecording | null> | null = null;

  private constructor(
    readonly id: string,
    readonly callId: string,
    private readonly file: RecordingFile,
    private readonly deps: RecordingSessionDeps,
  ) {}

  /**
   * Creates the file, then the row (a row always has a file; a crash between the two
   * leaves an unlisted file, not a row pointing at nothing).
   */
  static async start(
    call: { recordingId: string; callId: string; queueId: string; agentIds?: readonly string[]; startedAt?: Date },
    deps: RecordingSessionDeps,
  ): Promise<RecordingSession> {
    const startedAt = call.startedAt ?? new Date();
    const storageKey = recordingKeyOf(call.recordingId, startedAt);
    const log = deps.log.child({ recordingId: call.recordingId, callId: call.callId });
    const file = await RecordingFile.create(deps.store, storageKey, {
      cipher: deps.cipher,
      onError: (err) => log.error({ err }, 'recording file write failed; the rest of the call is not recorded'),
    });
    try {
      await deps.repository.start({
        id: call.recordingId,
        callId: call.callId,
        queueId: call.queueId,
        storageKey,
        encrypted: deps.cipher !== null,
        nodeId: deps.nodeId,
        startedAt,
      });
      for (const agentId of call.agentIds ?? []) await deps.repository.addAgent(call.recordingId, agentId);
    } catch (error) {
      await file.finish().catch(() => {});
      await deps.store.remove(storageKey).catch(() => {});
      throw error;
    }
    return new RecordingSession(call.recordingId, call.callId, file, { ...deps, log });
  }

  /** Milliseconds of audio so far: where a mark placed now starts. */
  get durationMs(): number {
    return this.file.durationMs;
  }

  get paused(): boolean {
    return this.pausedMark !== null;
  }

  get onHold(): boolean {
    return this.holdMark !== null;
  }

  /** Interleaved stereo at RECORDING_SAMPLE_RATE: left the customer, right the agent side. */
  write(samples: Int16Array): void {
    this.file.write(this.pausedMark ? new Int16Array(samples.length) : samples);
  }

  addAgent(userId: string): void {
    this.inOrder(() => this.deps.repository.addAgent(this.id, userId));
  }

  /** Silence from now until resume(); `byUserId` is who asked (null: the server). No-op if paused. */
  pause(byUserId: string | null): void {
    if (this.pausedMark || this.finishing) return;
    this.pausedMark = { id: this.openMark('pause', byUserId), byUserId };
  }

  resume(): void {
    if (!this.pausedMark || this.finishing) return;
    this.closeMark(this.pausedMark.id);
    this.pausedMark = null;
  }

  holdStarted(): void {
    if (this.holdMark || this.finishing) return;
    this.holdMark = this.openMark('hold', null);
  }

  holdEnded(): void {
    if (!this.holdMark || this.finishing) return;
    this.closeMark(this.holdMark);
    this.holdMark = null;
  }

  /**
   * Seals the file and records the outcome: 'complete', or 'interrupted' when the file
   * failed on the way (its audio up to the failure, repaired). Spans still open end at
   * the end of the audio. Idempotent. Null if even the metadata could not be written
   * (recovery at the next start finishes it).
   */
  finish(): Promise<StoredRecording | null> {
    this.finishing ??= this.seal().catch((err) => {
      this.deps.log.error({ err }, 'recording not finished; the next start recovers it');
      return null;
    });
    return this.finishing;
  }

  private async seal(): Promise<StoredRecording | null> {
    const { repository, store } = this.deps;
    let outcome: { state: 'complete' | 'interrupted'; bytes: number; durationMs: number; sha256: string };
    try {
      outcome = { state: 'complete', ...(await this.file.finish()) };
    } catch {
      const repaired = await repairRecordingFile(store, this.file.key, this.deps.cipher);
      const digest = await digestOf(store, this.file.key);
      if (!digest) throw new Error('The recording file vanished');
      outcome = { state: 'interrupted', durationMs: durationMsOf(repaired.dataBytes), ...digest };
    }
    await this.metadata.catch(() => {});
    await repository.closeOpenMarks(this.id, outcome.durationMs);
    await repository.finish(this.id, { ...outcome, endedAt: new Date() });
    return repository.get(this.id);
  }

  private openMark(kind: RecordingMarkKind, byUserId: string | null): Promise<string | null> {
    const at = this.durationMs;
    return this.inOrder(() => this.deps.repository.openMark(this.id, kind, at, byUserId));
  }

  private closeMark(id: Promise<string | null>): void {
    const at = this.durationMs;
    this.inOrder(async () => {
      const markId = await id;
      if (markId) await this.deps.repository.closeMark(markId, at);
    });
  }

  /** Runs database writes one after another; a failure is logged and yields null. */
  private inOrder<T>(work: () => Promise<T>): Promise<T | null> {
    const next = this.metadata.then(work).catch((err: unknown) => {
      this.deps.log.error({ err }, 'recording metadata not saved');
      return null;
    });
    this.metadata = next;
    return next;
  }
}
