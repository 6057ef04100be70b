import { randomUUID } from 'node:crypto';
import type { Recording, RecordingMark, RecordingMarkKind, RecordingState } from '@cc/shared';
import type { Queryable } from '../persistence/database.ts';
import { scopeCondition } from '../calls/call-record-search.ts';
import { RECORDING_CHANNELS, RECORDING_SAMPLE_RATE } from './wav-format.ts';

export interface NewRecording {
  id: string;
  callId: string;
  queueId: string;
  storageKey: string;
  encrypted: boolean;
  /** The node writing the file (config NODE_ID); recovery asks whether it still lives. */
  nodeId: string;
  startedAt?: Date;
}

/** A recording as the server knows it: the wire shape plus where its file is. */
export interface StoredRecording extends Recording {
  storageKey: string;
  nodeId: string;
}

export interface RecordingOutcome {
  state: Exclude<RecordingState, 'recording'>;
  bytes: number;
  durationMs: number;
  sha256: string;
  endedAt: Date;
}

type RecordingRow = {
  id: string;
  call_id: string;
  queue_id: string;
  storage_key: string;
  sample_rate: number;
  channels: number;
  encrypted: boolean;
  state: RecordingState;
  started_at: Date;
  ended_at: Date | null;
  duration_ms: number | null;
  // bigint: node-postgres answers a string, PGlite a number or bigint.
  bytes: string | number | bigint | null;
  sha256: string | null;
  node_id: string;
};

type MarkRow = {
  id: string;
  recording_id: string;
  kind: RecordingMarkKind;
  start_ms: number;
  end_ms: number | null;
  by_user_id: string | null;
  created_at: Date;
};

const toMark = (r: MarkRow): RecordingMark => ({
  id: r.id,
  kind: r.kind,
  startMs: r.start_ms,
  endMs: r.end_ms,
  byUserId: r.by_user_id,
  createdAt: r.created_at.toISOString(),
});

/** Recordings' metadata, the agents who took part, and their hold and pause marks. */
export class RecordingRepository {
  constructor(private readonly db: Queryable) {}

  async start(recording: NewRecording): Promise<void> {
    await this.db.query(
      `insert into recordings (id, call_id, queue_id, storage_key, format, sample_rate, channels, encrypted, state, started_at, node_id)
       values ($1, $2, $3, $4, 'wav', $5, $6, $7, 'recording', $8, $9)`,
      [
        recording.id,
        recording.callId,
        recording.queueId,
        recording.storageKey,
        RECORDING_SAMPLE_RATE,
        RECORDING_CHANNELS,
        recording.encrypted,
        recording.startedAt ?? new Date(),
        recording.nodeId,
      ],
    );
  }

  /** An agent took part; adding them twice changes nothing. */
  async addAgent(recordingId: string, userId: string): Promise<void> {
    await this.db.query(
      'insert into recording_agents (recording_id, user_id) values ($1, $2) on conflict do nothing',
      [recordingId, userId],
    );
  }

  /** Opens a hold or pause span at `startMs` into the audio; returns its id. */
  async openMark(recordingId: string, kind: RecordingMarkKind, startMs: number, byUserId: string | null): Promise<string> {
    const id = randomUUID();
    await this.db.query(
      'insert into recording_marks (id, recording_id, kind, start_ms, by_user_id) values ($1, $2, $3, $4, $5)',
      [id, recordingId, kind, Math.round(startMs), byUserId],
    );
    return id;
  }

  /** Closes a span; a span already closed keeps its end. */
  async closeMark(markId: string, endMs: number): Promise<void> {
    await this.db.query('update recording_marks set end_ms = greatest(start_ms, $2) where id = $1 and end_ms is null', [
      markId,
      Math.round(endMs),
    ]);
  }

  /** Ends every span still open at `endMs` (the end of the audio): the recording is over. */
  async closeOpenMarks(recordingId: string, endMs: number): Promise<void> {
    await this.db.query(
      'update recording_marks set end_ms = greatest(start_ms, $2) where recording_id = $1 and end_ms is null',
      [recordingId, Math.round(endMs)],
    );
  }

  /**
   * Records how a recording ended. Only a recording still in state 'recording' changes,
   * so two nodes recovering the same file cannot both finish it: false for the loser.
   */
  async finish(id: string, outcome: RecordingOutcome): Promise<boolean> {
    const { rows } = await this.db.query(
      `update recordings set state = $2, bytes = $3, duration_ms = $4, sha256 = $5, ended_at = $6
       where id = $1 and state = 'recording' returning id`,
      [id, outcome.state, outcome.bytes, Math.round(outcome.durationMs), outcome.sha256, outcome.endedAt],
    );
    return rows.length > 0;
  }

  async get(id: string): Promise<StoredRecording | null> {
    const { rows } = await this.db.query<RecordingRow>('select * from recordings where id = $1', [id]);
    return (await this.describe(rows))[0] ?? null;
  }

  /** A call's recordings, oldest first. */
  async listByCall(callId: string): Promise<StoredRecording[]> {
    const { rows } = await this.db.query<RecordingRow>(
      'select * from recordings where call_id = $1 order by started_at, id',
      [callId],
    );
    return this.describe(rows);
  }

  /** Recordings not finished yet, on any node (recovery filters them). */
  async listInProgress(): Promise<StoredRecording[]> {
    const { rows } = await this.db.query<RecordingRow>(
      `select * from recordings where state = 'recording' order by started_at, id`,
    );
    return this.describe(rows);
  }

  /** Whether the user took part in the recording: added as one of its agents, or the call's agent. */
  async tookPart(recordingId: string, userId: string): Promise<boolean> {
    const { rows } = await this.db.query(
      `select 1 from recordings r
       where r.id = $1 and (
         exists (select 1 from recording_agents a where a.recording_id = r.id and a.user_id = $2)
         or exists (select 1 from calls c where c.id = r.call_id and c.agent_id = $2)
       )`,
      [recordingId, userId],
    );
    return rows.length > 0;
  }

  /**
   * True when the recording's call is one a supervisor may see in the call history (their
   * teams' agents answered it, or it went unanswered in those agents' queues), or the
   * supervisor was on it themselves (a take-over, a barge).
   */
  async supervisorMaySee(recordingId: string, supervisorId: string): Promise<boolean> {
    const params: unknown[] = [recordingId];
    const param = (value: unknown) => `$${params.push(value)}`;
    const inTheirShare = scopeCondition({ kind: 'supervisor', supervisorId }, param);
    const self = param(supervisorId);
    const { rows } = await this.db.query(
      `select 1 from recordings r join calls c on c.id = r.call_id
       where r.id = $1 and (${inTheirShare}
         or exists (select 1 from recording_agents a where a.recording_id = r.id and a.user_id = ${self}))`,
      params,
    );
    return rows.length > 0;
  }

  /** Rows with their agents and marks, two queries for any number of recordings. */
  private async describe(rows: RecordingRow[]): Promise<StoredRecording[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const { rows: agents } = await this.db.query<{ recording_id: string; user_id: string }>(
      'select recording_id, user_id from recording_agents where recording_id = any($1::uuid[]) order by joined_at, user_id',
      [ids],
    );
    const { rows: marks } = await this.db.query<MarkRow>(
      'select * from recording_marks where recording_id = any($1::uuid[]) order by start_ms, created_at, id',
      [ids],
    );
    return rows.map((r) => ({
      id: r.id,
      callId: r.call_id,
      queueId: r.queue_id,
      format: 'wav',
      sampleRate: r.sample_rate,
      channels: r.channels,
      encrypted: r.encrypted,
      state: r.state,
      startedAt: r.started_at.toISOString(),
      endedAt: r.ended_at?.toISOString() ?? null,
      durationMs: r.duration_ms,
      bytes: r.bytes === null ? null : Number(r.bytes),
      sha256: r.sha256,
      agentIds: agents.filter((a) => a.recording_id === r.id).map((a) => a.user_id),
      marks: marks.filter((m) => m.recording_id === r.id).map(toMark),
      storageKey: r.storage_key,
      nodeId: r.node_id,
    }));
  }
}
