import { z } from 'zod';
import { AgentStatus, agentStatuses } from './agent.ts';
import { CallChannel, CallDirection, CallState } from './call.ts';

/** How many of a queue's member agents are in each status right now. */
export const AgentsByStatus = z.object(
  Object.fromEntries(agentStatuses.map((s) => [s, z.number().int().min(0)])) as Record<AgentStatus, z.ZodNumber>,
);
export type AgentsByStatus = z.infer<typeof AgentsByStatus>;

/**
 * A queue's figures since midnight UTC (the ACD's day), computed in SQL from the call
 * records, inbound calls only. Service level is the share of calls answered within the
 * queue's threshold among the calls that reached an outcome (answered or abandoned);
 * null until one has. Handle time is talk time, answer to hang-up (wrap-up not included).
 */
export const QueueToday = z.object({
  offered: z.number().int(),
  answered: z.number().int(),
  /** Hung up while waiting or ringing. */
  abandoned: z.number().int(),
  answeredWithinServiceLevel: z.number().int(),
  /** 0..1, null before any call was answered or abandoned. */
  serviceLevel: z.number().min(0).max(1).nullable(),
  /** Average speed of answer: queued to answered, seconds. */
  averageSpeedOfAnswerSeconds: z.number().nullable(),
  /** Average handle time of the answered calls that have ended, seconds. */
  averageHandleSeconds: z.number().nullable(),
});
export type QueueToday = z.infer<typeof QueueToday>;

export const LiveQueue = z.object({
  queueId: z.uuid(),
  name: z.string(),
  displayName: z.string(),
  /** Calls waiting for an agent, not counting those ringing one. */
  waiting: z.number().int(),
  /** Calls ringing an agent right now. */
  ringing: z.number().int(),
  /** How long the oldest call (waiting or ringing) has been in the queue; 0 when empty. */
  longestWaitSeconds: z.number(),
  /** When that oldest call entered the queue (ISO), so a wallboard can tick it by itself. */
  oldestQueuedAt: z.string().nullable(),
  /** The queue's service-level threshold in seconds. */
  serviceLevelSeconds: z.number().int(),
  /** The queue's member agents by status. */
  agents: AgentsByStatus,
  today: QueueToday,
});
export type LiveQueue = z.infer<typeof LiveQueue>;

export const LiveAgent = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  teamId: z.uuid().nullable(),
  status: AgentStatus,
  /** ISO time the agent entered this status. */
  since: z.string(),
  reason: z.string().nullable(),
  callId: z.string().nullable(),
});
export type LiveAgent = z.infer<typeof LiveAgent>;

/** Today's calls in one hour (all queues), for the wallboard's chart. */
export const HourlyCalls = z.object({
  /** ISO start of the hour. */
  hourStart: z.string(),
  offered: z.number().int(),
  answered: z.number().int(),
  abandoned: z.number().int(),
});
export type HourlyCalls = z.infer<typeof HourlyCalls>;

/**
 * A call's audio as the SFU sees it, the worst of its streams: loss (RTCP receiver
 * reports and the SFU's own sequence-number accounting), jitter of what the SFU
 * receives, round-trip time from RTCP where a peer reports it, and a MOS estimated from
 * them with a simplified E-model (apps/server/src/live/call-quality.ts).
 */
export const CallQuality = z.object({
  /** Share of packets lost in the last reporting interval, percent. */
  packetLossPercent: z.number().min(0).max(100),
  /** Packets lost since the streams started. */
  packetsLost: z.number().int(),
  jitterMs: z.number().min(0),
  roundTripMs: z.number().min(0).nullable(),
  /** Estimated mean opinion score, 1 (bad) to 4.5 (best a narrowband-rated E-model gives). */
  mos: z.number().min(1).max(5),
  /** MOS under the threshold a listener notices (3.5). */
  poor: z.boolean(),
});
export type CallQuality = z.infer<typeof CallQuality>;

/** A call in progress, for the live calls list. */
export const CallInProgress = z.object({
  callId: z.string(),
  /** The server node carrying it. */
  nodeId: z.string(),
  channel: CallChannel,
  direction: CallDirection,
  /** The caller's label (widget) or the number at the far end (phone). */
  caller: z.string(),
  queueId: z.string(),
  queueName: z.string(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  /** The agent's team, which decides which supervisors see the call. */
  teamId: z.string().nullable(),
  state: CallState,
  onHold: z.boolean(),
  /** ISO: when the call was queued (or dialled). */
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  /** Null until media flows. */
  quality: CallQuality.nullable(),
});
export type CallInProgress = z.infer<typeof CallInProgress>;

/**
 * GET /api/live and the `live:watch` acknowledgement: the wallboard. Supervisors see
 * the agents of the teams they supervise, the calls of those agents and every waiting
 * call; every queue (queues are shared between teams); admins see everyone.
 */
export const LiveSnapshot = z.object({
  generatedAt: z.string(),
  /** The contact center's TIME_ZONE (IANA): today began at its midnight, and the hours are its hours. */
  timeZone: z.string(),
  queues: z.array(LiveQueue),
  agents: z.array(LiveAgent),
  hourly: z.array(HourlyCalls),
  calls: z.array(CallInProgress),
});
export type LiveSnapshot = z.infer<typeof LiveSnapshot>;

/** Pushed to every watcher: the queues' figures changed (at most about once a second). */
export const LiveQueuesUpdate = z.object({
  generatedAt: z.string(),
  timeZone: z.string(),
  queues: z.array(LiveQueue),
  hourly: z.array(HourlyCalls),
});
export type LiveQueuesUpdate = z.infer<typeof LiveQueuesUpdate>;

/**
 * Pushed by the node carrying the calls: these calls as they stand (upserts), and calls
 * that left this watcher's view (ended, or now another team's). A node refreshes its
 * calls every few seconds, so a watcher drops calls it has not heard of for a while
 * (their node stopped).
 */
export const LiveCallsUpdate = z.object({
  nodeId: z.string(),
  calls: z.array(CallInProgress),
  removedCallIds: z.array(z.string()),
});
export type LiveCallsUpdate = z.infer<typeof LiveCallsUpdate>;

/** A supervisor's or admin's command to an agent: a status with a reason, or sign-out. */
export const ForceAgentStatus = z.object({
  userId: z.uuid(),
  status: z.enum(['available', 'away', 'offline']),
  /** Shown to the agent and kept in their state history. */
  reason: z.string().trim().min(1, 'Give a reason the agent will see').max(200),
});
export type ForceAgentStatus = z.infer<typeof ForceAgentStatus>;
