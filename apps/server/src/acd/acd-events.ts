import type { OverflowAction } from '@cc/shared';
import type { AgentPresence, WaitingCall } from './acd-model.ts';

export type OfferEndReason = 'timeout' | 'declined' | 'customer-hangup' | 'agent-gone';
export type OverflowReason = 'queue-full' | 'max-wait';

/** What the ACD decided, for the call service to carry out (typed event map). */
export interface AcdEvents {
  /** An agent's presence changed (status, reason, call, wrap-up end). Local to the deciding node. */
  'agent-changed': [agent: AgentPresence];
  'call-offered': [offer: { call: WaitingCall; agentId: string; expiresAt: Date }];
  /** An offer ended without an answer; the call is waiting again unless it hung up. */
  'offer-ended': [ended: { call: WaitingCall; agentId: string; reason: OfferEndReason }];
  /**
   * The call left its queue: moved to another (`call` shows the new queue) or, with
   * action "end", out of the ACD altogether; the call service ends it with `reason`.
   */
  'call-overflowed': [overflow: { call: WaitingCall; fromQueueId: string; reason: OverflowReason; action: OverflowAction }];
  /** The waiting calls of a queue: positions and estimated waits for the customers. */
  'queue-changed': [queue: { queueId: string; positions: Map<string, number>; estimates: Map<string, number | null> }];
  /** Another node asks the node carrying this call to end it (its agent's connection is gone there). */
  'call-end-requested': [request: { callId: string; reason: 'agent-disconnected' }];
  /**
   * The node carrying a call stopped without ending it. Emitted on the node that
   * noticed; its call service closes the record. The agent, if any, is already freed.
   */
  'call-lost': [lost: { callId: string; nodeId: string; agentId: string | null }];
}
