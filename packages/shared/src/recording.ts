import { z } from 'zod';

/**
 * Which of a queue's calls are recorded (issue #5):
 * - all: every answered call, from the answer to the end.
 * - none: no call.
 * - on-demand: only when the agent presses Record (and until the call ends).
 * Agents may pause any recording (card numbers): the paused span holds silence.
 */
export const recordingPolicies = ['all', 'none', 'on-demand'] as const;
export const RecordingPolicy = z.enum(recordingPolicies);
export type RecordingPolicy = z.infer<typeof RecordingPolicy>;

/**
 * ```
 *   recording ──finished──▶ complete
 *       │
 *       └──server died, found at the next start──▶ interrupted
 * ```
 * An interrupted recording holds the audio up to the last second made durable.
 */
export const RecordingState = z.enum(['recording', 'complete', 'interrupted']);
export type RecordingState = z.infer<typeof RecordingState>;

/** hold: the customer was on hold (the audio goes on). pause: the audio is silence. */
export const RecordingMarkKind = z.enum(['hold', 'pause']);
export type RecordingMarkKind = z.infer<typeof RecordingMarkKind>;

/** A span of a recording, in milliseconds from its start. */
export const RecordingMark = z.object({
  id: z.uuid(),
  kind: RecordingMarkKind,
  startMs: z.number().int().min(0),
  /** Null while the span is still open (or when the recording was interrupted inside it). */
  endMs: z.number().int().min(0).nullable(),
  /** Who paused; null for holds and for pauses the server made. */
  byUserId: z.uuid().nullable(),
  createdAt: z.string(),
});
export type RecordingMark = z.infer<typeof RecordingMark>;

/**
 * A call recording's metadata. The audio is a WAV file (16-bit PCM, stereo: customer on
 * the left, agent side on the right) at GET /api/recordings/:id/audio.
 */
export const Recording = z.object({
  id: z.uuid(),
  callId: z.uuid(),
  queueId: z.uuid(),
  format: z.literal('wav'),
  sampleRate: z.number().int().positive(),
  channels: z.number().int().min(1).max(2),
  /** Stored encrypted at rest (AES-256-GCM); served decrypted. */
  encrypted: z.boolean(),
  state: RecordingState,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** Null while recording. */
  durationMs: z.number().int().min(0).nullable(),
  /** Size of the stored file; null while recording. */
  bytes: z.number().int().min(0).nullable(),
  /** SHA-256 (hex) of the stored file as it is on disk; null while recording. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  /** The agents who took part, in the order they joined. */
  agentIds: z.array(z.uuid()),
  /** Holds and pauses, by start. */
  marks: z.array(RecordingMark),
});
export type Recording = z.infer<typeof Recording>;

/** GET /api/recordings: the recordings of one call, oldest first. */
export const RecordingQuery = z.object({ callId: z.uuid() });
export type RecordingQuery = z.infer<typeof RecordingQuery>;

/**
 * GET /api/recordings/:id/audio-url: a URL an `<audio>` element can play without an
 * Authorization header, for this user and this recording only, until `expiresAt`.
 */
export const RecordingAudioUrl = z.object({ url: z.string(), expiresAt: z.string() });
export type RecordingAudioUrl = z.infer<typeof RecordingAudioUrl>;

/** Who besides supervisors and admins may play recordings: no agent, or agents their own calls'. */
export const RecordingAgentAccess = z.enum(['none', 'own']);
export type RecordingAgentAccess = z.infer<typeof RecordingAgentAccess>;
