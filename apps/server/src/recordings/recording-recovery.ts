import { createHash } from 'node:crypto';
import type { Logger } from '../logging/logger.ts';
import type { RecordingCipher } from './recording-cipher.ts';
import { repairRecordingFile } from './recording-repair.ts';
import type { RecordingRepository, StoredRecording } from './recording-repository.ts';
import { type RecordingStore, digestOf } from './recording-store.ts';
import { durationMsOf } from './wav-format.ts';

export interface RecordingRecoveryDeps {
  repository: RecordingRepository;
  store: RecordingStore;
  cipher: RecordingCipher | null;
  /** This process's NODE_ID. */
  nodeId: string;
  /**
   * Whether a node still runs (the ACD's live-state heartbeats): its recordings are
   * still being written and must be left alone.
   */
  isNodeAlive: (nodeId: string) => boolean | Promise<boolean>;
  log: Logger;
}

export interface RecoveredRecording {
  id: string;
  durationMs: number;
  bytes: number;
  sha256: string;
  /** Bytes cut from a torn end. */
  droppedBytes: number;
}

/**
 * Finalises recordings whose writer died: left in state 'recording', their file in this
 * node's store, and no live process writing them. Each file is repaired in place
 * (recording-repair.ts), measured and checksummed, and the recording becomes
 * 'interrupted', with its open hold or pause spans closed at the end of the audio.
 *
 * Who counts as dead:
 * - at start, this node's own recordings: nothing has been recorded yet by this
 *   process, so any left in 'recording' under its NODE_ID belong to a previous run;
 * - another node's, when `isNodeAlive` says it stopped heartbeating. NODE_ID defaults to
 *   `node-<pid>`, so after a restart the old run usually appears as such a node.
 *
 * A recording whose file is not in this store (another node's local disk) is left to
 * that node; with shared storage, whichever node gets there first finishes it (the
 * repository's finish only changes a recording still 'recording').
 */
export class RecordingRecovery {
  private sweeper: NodeJS.Timeout | null = null;
  private running: Promise<RecoveredRecording[]> | null = null;

  constructor(private readonly deps: RecordingRecoveryDeps) {}

  /** Run once at start, before this node records anything. */
  recoverAtStart(): Promise<RecoveredRecording[]> {
    return this.run(true);
  }

  /**
   * From time to time, other nodes' recordings (a node that dies while this one runs,
   * or whose heartbeat had not yet expired at this start). Default every 60 s.
   */
  startSweeping(intervalMs = 60_000): void {
    this.sweeper ??= setInterval(() => {
      this.run(false).catch((err) => this.deps.log.error({ err }, 'recording recovery sweep failed'));
    }, intervalMs);
    this.sweeper.unref();
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  private run(includeOwn: boolean): Promise<RecoveredRecording[]> {
    // One pass at a time: a slow pass (large files) must not overlap the next.
    this.running ??= this.pass(includeOwn).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(includeOwn: boolean): Promise<RecoveredRecording[]> {
    const recovered: RecoveredRecording[] = [];
    for (const recording of await this.deps.repository.listInProgress()) {
      const own = recording.nodeId === this.deps.nodeId;
      if (own ? !includeOwn : await this.deps.isNodeAlive(recording.nodeId)) continue;
      try {
        const result = await this.recover(recording, own);
        if (result) recovered.push(result);
      } catch (err) {
        // One unreadable file must not keep the others, or the server, from starting.
        this.deps.log.error({ err, recordingId: recording.id }, 'recording could not be recovered');
      }
    }
    return recovered;
  }

  private async recover(recording: StoredRecording, own: boolean): Promise<RecoveredRecording | null> {
    const { store, repository, log } = this.deps;
    if (!(await store.exists(recording.storageKey))) {
      if (!own) return null;
      // Ours, and no file: the writer died before creating it. Nothing to play; say so.
      log.warn({ recordingId: recording.id }, 'interrupted recording has no file');
      return this.finish(recording, { dataBytes: 0, droppedBytes: 0 }, { bytes: 0, sha256: createHash('sha256').digest('hex') });
    }
    const repaired = await repairRecordingFile(store, recording.storageKey, this.deps.cipher);
    const digest = await digestOf(store, recording.storageKey);
    if (!digest) return null;
    return this.finish(recording, repaired, digest);
  }

  private async finish(
    recording: StoredRecording,
    repaired: { dataBytes: number; droppedBytes: number },
    digest: { bytes: number; sha256: string },
  ): Promise<RecoveredRecording | null> {
    const durationMs = durationMsOf(repaired.dataBytes);
    await this.deps.repository.closeOpenMarks(recording.id, durationMs);
    const finished = await this.deps.repository.finish(recording.id, {
      state: 'interrupted',
      bytes: digest.bytes,
      durationMs,
      sha256: digest.sha256,
      // When the audio stops: as near to the crash as anything on record.
      endedAt: new Date(Date.parse(recording.startedAt) + durationMs),
    });
    if (!finished) return null;
    this.deps.log.warn(
      { recordingId: recording.id, callId: recording.callId, nodeId: recording.nodeId, durationMs, droppedBytes: repaired.droppedBytes },
      'interrupted recording recovered',
    );
    return { id: recording.id, durationMs, bytes: digest.bytes, sha256: digest.sha256, droppedBytes: repaired.droppedBytes };
  }
}
