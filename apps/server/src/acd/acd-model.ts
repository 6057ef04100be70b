import type { AgentSkill, AgentSnapshot, AgentStatus, QueueMembership } from '@cc/shared';

/** An agent as the ACD sees them. */
export interface AgentPresence {
  userId: string;
  displayName: string;
  /** The queues the agent takes calls from, each with its tier (1 is offered first). */
  memberships: QueueMembership[];
  skills: AgentSkill[];
  status: AgentStatus;
  since: Date;
  /** When the agent last became free; the longest idle agent is offered first. */
  idleSince: Date;
  reason: string | null;
  callId: string | null;
  wrapUpEndsAt: Date | null;
  /** Offers missed in a row; reset by an answer. */
  missedOffers: number;
  /** Calls answered on `answeredOn` (the contact center's date, YYYY-MM-DD, in its TIME_ZONE): fewest-calls routing. */
  answeredToday: number;
  answeredOn: string;
  /** When the agent was last offered a call from each queue (epoch ms): round-robin. */
  lastOfferedAt: Record<string, number>;
}

/** A customer waiting in a queue, possibly being offered to one agent right now. */
export interface WaitingCall {
  callId: string;
  queueId: string;
  queueName: string;
  callerLabel: string;
  queuedAt: Date;
  /** When it entered its current queue (after an overflow, later than queuedAt). */
  enteredQueueAt: Date;
  /** Arrival order, breaking ties between calls queued in the same millisecond. */
  sequence: number;
  /** The call's own priority on top of its queue's (0 for now; IVR and VIP rules later). */
  priority: number;
  /** The server node that holds the call's media and record; it dies, the call is lost. */
  nodeId: string;
  /** Queues this call has overflowed through; bounds overflow chains that loop. */
  overflowHops: number;
  offeredTo: string | null;
  offerExpiresAt: Date | null;
  /** Agents who let this call ring out or declined it; tried last. */
  triedAgentIds: string[];
  /** A transfer to one agent: only they are offered it, once; then it is its queue's. */
  targetAgentId?: string | null;
}

export const queueIdsOf = (a: Pick<AgentPresence, 'memberships'>): string[] => a.memberships.map((m) => m.queueId);

export function toAgentSnapshot(a: AgentPresence): AgentSnapshot {
  return {
    userId: a.userId,
    status: a.status,
    since: a.since.toISOString(),
    wrapUpEndsAt: a.wrapUpEndsAt?.toISOString() ?? null,
    reason: a.reason,
    callId: a.callId,
  };
}
