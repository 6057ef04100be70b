import { z } from 'zod';
import { RecordingPolicy } from './recording.ts';

/**
 * A call's lifecycle, as seen by clients. The server's state machine
 * (apps/server/src/calls/call-state.ts) holds the transition table.
 */
export const callStates = [
  'queued',
  /** An agent's outbound call: the far end has not answered or rung yet. */
  'dialing',
  'ringing',
  'connected',
  'ended',
] as const;
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
  /** An outbound call: the number was busy (486/600). */
  'busy',
  /** An outbound call rang out unanswered (408/480, or our dial timeout). */
  'no-answer',
  /** An outbound call was refused by the far end or the trunk (other 4xx-6xx). */
  'rejected',
  /** An outbound call reached nobody: no trunk, or the trunk did not respond. */
  'unreachable',
  /** A phone leg sent no RTP for the configured time. */
  'rtp-timeout',
  /** For the agent who transferred the call: it goes on without them. */
  'transferred',
  /** The outside number the call was transferred to hung up. */
  'external-hangup',
  /** For the agent whose call a supervisor took over: it goes on without them. */
  'taken-over',
] as const;
export const CallEndReason = z.enum(callEndReasons);
export type CallEndReason = z.infer<typeof CallEndReason>;

export const CallId = z.uuid();

/** Where the customer is: the web widget, or a phone behind a SIP trunk. */
export const CallChannel = z.enum(['web', 'phone']);
export type CallChannel = z.infer<typeof CallChannel>;

export const CallDirection = z.enum(['inbound', 'outbound']);
export type CallDirection = z.infer<typeof CallDirection>;

/** A number an agent dials or a phone calls from: digits, optionally a leading +. */
export const PhoneNumberText = z
  .string()
  .trim()
  .regex(/^\+?[0-9]{2,20}$/, 'Enter a phone number: 2 to 20 digits, optionally starting with +.');

/** DTMF digits as RFC 4733 carries them. */
export const DtmfDigits = z
  .string()
  .regex(/^[0-9*#A-D]{1,32}$/, 'Digits are 0-9, *, # and A-D, at most 32 at once.');

/**
 * How a supervisor monitors a call: `listen` (hears both sides, nobody hears them),
 * `whisper` (the agent hears them, the customer does not), `barge` (everyone hears them).
 */
export const MonitorMode = z.enum(['listen', 'whisper', 'barge']);
export type MonitorMode = z.infer<typeof MonitorMode>;

export const ExternalParty = z.object({
  number: z.string(),
  purpose: z.enum(['consult', 'transfer']),
  state: z.enum(['dialing', 'ringing', 'talking', 'conference']),
});
export type ExternalParty = z.infer<typeof ExternalParty>;

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
  channel: CallChannel.optional(),
  direction: CallDirection.optional(),
  /** The phone number at the far end of a phone call. */
  remoteNumber: z.string().nullable().optional(),
  /** The agent put the customer on hold (they hear music). */
  onHold: z.boolean().optional(),
  /** A colleague the agent consulted: ringing, talking (customer on hold), or in conference. */
  consult: z
    .object({ agentName: z.string(), state: z.enum(['ringing', 'talking', 'conference']) })
    .nullable()
    .optional(),
  /**
   * An outside number on the call: consulted (the customer on hold while the agent talks
   * to it) or the target of a blind transfer; `dialing` and `ringing` until it answers.
   */
  external: ExternalParty.nullable().optional(),
  /**
   * The call's recording: the queue's policy (null until answered) and whether it is
   * being recorded now. With `on-demand` the agent may start it; any recording may pause.
   */
  recording: z
    .object({ policy: RecordingPolicy.nullable(), state: z.enum(['off', 'recording', 'paused']) })
    .optional(),
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
  channel: CallChannel.optional(),
});
export type CallOffer = z.infer<typeof CallOffer>;

export const offerWithdrawnReasons = ['timeout', 'declined', 'customer-hangup', 'answered-elsewhere'] as const;
export const OfferWithdrawn = z.object({
  callId: z.string(),
  reason: z.enum(offerWithdrawnReasons),
});
export type OfferWithdrawn = z.infer<typeof OfferWithdrawn>;

/** A digit the phone at the far end pressed (RFC 4733 event or SIP INFO). */
export const DtmfReceived = z.object({ callId: z.string(), digit: z.string().regex(/^[0-9*#A-D]$/) });
export type DtmfReceived = z.infer<typeof DtmfReceived>;

/** A colleague asks this agent to join a call (attended transfer or conference). */
export const ConsultRequested = z.object({
  callId: z.string(),
  fromAgentName: z.string(),
  callerLabel: z.string(),
  queueName: z.string(),
});
export type ConsultRequested = z.infer<typeof ConsultRequested>;
