import type { AgentSnapshot, AgentStatus } from '@cc/shared';

/** An agent as the ACD sees them. */
export interface AgentPresence {
  userId: string;
  displayName: string;
  queueIds: string[];
  status: AgentStatus;
  since: Date;
  /** When the agent last became free; the longest idle agent is offered first. */
  idleSince: Date;
  reason: string | null;
  callId: string | null;
  wrapUpEndsAt: Date | null;
  /** Offers missed in a row; reset by an answer. */
  missedOffers: number;
}

/** A customer waiting in a queue, possibly being offered to one agent right now. */
export interface WaitingCall {
  callId: string;
  queueId: string;
  queueName: string;
  callerLabel: string;
  queuedAt: Date;
  /** Arrival order, breaking ties between calls queued in the same millisecond. */
  sequence: number;
  offeredTo: string | null;
  offerExpiresAt: Date | null;
  /** Agents who let this call ring out or declined it; tried last. */
  triedAgentIds: string[];
}

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
