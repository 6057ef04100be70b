import { z } from 'zod';

/**
 * A call's lifecycle, as seen by clients. The server's state machine
 * (apps/server/src/calls/call-state.ts) holds the transition table.
 */
export const callStates = ['queued', 'ringing', 'connected', 'ended'] as const;
export const CallState = z.enum(callStates);
export type CallState = z.infer<typeof CallState>;

export const callEndReasons = [
  'customer-hangup',
  'agent-hangup',
  'abandoned',
  'customer-disconnected',
  'agent-disconnected',
  'media-failure',
  'server-shutdown',
  'no-agents',
  /** The queue was full and its overflow action ends calls. */
  'queue-full',
  /** The call waited the queue's maximum and its overflow action ends calls. */
  'max-wait',
  /** The server node carrying the call stopped without ending it. */
  'node-failure',
] as const;
export const CallEndReason = z.enum(callEndReasons);
export type CallEndReason = z.infer<typeof CallEndReason>;

export const CallId = z.uuid();

export const CallStatus = z.object({
  callId: z.string(),
  state: CallState,
  queueName: z.string(),
  /** 1-based place in the queue while queued or ringing; null once connected. */
  position: z.number().int().positive().nullable(),
  /** Estimated seconds until an agent answers, while queued; null when unknown or connected. */
  estimatedWaitSeconds: z.number().int().nonnegative().nullable(),
  /** The agent's display name once connected. */
  agentName: z.string().nullable(),
  endReason: CallEndReason.nullable(),
});
export type CallStatus = z.infer<typeof CallStatus>;

export const CallOffer = z.object({
  callId: z.string(),
  queueName: z.string(),
  callerLabel: z.string(),
  /** When the customer entered the queue (ISO). */
  queuedAt: z.string(),
  /** When the offer lapses and goes to the next agent (ISO). */
  expiresAt: z.string(),
});
export type CallOffer = z.infer<typeof CallOffer>;

export const offerWithdrawnReasons = ['timeout', 'declined', 'customer-hangup', 'answered-elsewhere'] as const;
export const OfferWithdrawn = z.object({
  callId: z.string(),
  reason: z.enum(offerWithdrawnReasons),
});
export type OfferWithdrawn = z.infer<typeof OfferWithdrawn>;
