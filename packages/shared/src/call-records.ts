import { z } from 'zod';
import { CallEndReason, CallState } from './call.ts';

/**
 * How a call turned out, for searching:
 * - answered: an agent picked it up (however it ended).
 * - abandoned: the caller left before anyone answered.
 * - unanswered: ended without an answer, for any reason (abandoned included).
 * - active: not ended yet.
 */
export const callOutcomes = ['answered', 'abandoned', 'unanswered', 'active'] as const;
export const CallOutcome = z.enum(callOutcomes);
export type CallOutcome = z.infer<typeof CallOutcome>;

const IsoTime = z.iso.datetime({ offset: true });

/**
 * GET /api/calls query string. Results are newest first; `cursor` is the `nextCursor`
 * of the previous page (opaque), so pages stay stable while new calls arrive.
 */
export const CallRecordQuery = z
  .object({
    /** Offered at or after this time. */
    from: IsoTime.optional(),
    /** Offered before this time. */
    to: IsoTime.optional(),
    queueId: z.uuid().optional(),
    agentId: z.uuid().optional(),
    channel: z.enum(['web', 'pstn']).optional(),
    outcome: CallOutcome.optional(),
    endReason: CallEndReason.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(200).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: '`from` must be before `to`.',
    path: ['from'],
  });
export type CallRecordQuery = z.infer<typeof CallRecordQuery>;

export const CallRecordItem = z.object({
  id: z.uuid(),
  queue: z.object({ id: z.uuid(), name: z.string(), displayName: z.string() }),
  /** Who answered; null for a call nobody answered. */
  agent: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  channel: z.enum(['web', 'pstn']),
  callerLabel: z.string(),
  state: CallState,
  offeredAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: CallEndReason.nullable(),
  /** Offered until answered, or until ended when never answered; null while still waiting. */
  waitSeconds: z.number().nullable(),
  /** Answered until ended; null when not answered or not ended. */
  talkSeconds: z.number().nullable(),
});
export type CallRecordItem = z.infer<typeof CallRecordItem>;

export const CallRecordPage = z.object({
  items: z.array(CallRecordItem),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** Calls matching the filters (and visible to the caller), across all pages. */
  total: z.number().int(),
});
export type CallRecordPage = z.infer<typeof CallRecordPage>;

/** One line of a call's log: a decision or a step (queued, offered, answered, hold, transferred, ended…). */
export const CallEventItem = z.object({
  at: z.string(),
  type: z.string(),
  /** The agent the step concerns, when there is one. */
  agent: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  /** The step's details as logged; keypad digits are masked. */
  data: z.record(z.string(), z.unknown()),
});
export type CallEventItem = z.infer<typeof CallEventItem>;

/** GET /api/calls/:id: the record and its whole log, oldest step first. */
export const CallRecordDetail = CallRecordItem.extend({
  direction: z.enum(['inbound', 'outbound']),
  remoteNumber: z.string().nullable(),
  events: z.array(CallEventItem),
});
export type CallRecordDetail = z.infer<typeof CallRecordDetail>;
