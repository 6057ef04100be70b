import { z } from 'zod';
import { AgentStatus } from './agent.ts';

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

/**
 * GET /api/live: the wallboard. Supervisors see the agents of the teams they supervise
 * and every queue (queues are shared between teams); admins see everyone.
 */
export const LiveSnapshot = z.object({
  generatedAt: z.string(),
  queues: z.array(LiveQueue),
  agents: z.array(LiveAgent),
});
export type LiveSnapshot = z.infer<typeof LiveSnapshot>;
