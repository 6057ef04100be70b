import { z } from 'zod';
import { AgentSnapshot } from './agent.ts';
import { CallOffer, CallStatus, ConsultRequested, DtmfReceived, OfferWithdrawn } from './call.ts';
import { LiveAgent, LiveCallsUpdate, LiveQueuesUpdate } from './live-snapshot.ts';
import { ProducerInfo } from './media.ts';
import { PublicUser } from './user.ts';

/** Every server-to-client event, declared once. Clients validate what they receive. */
export const events = {
  /** Sent once a socket is authenticated: who it is and, for agents, their state. */
  'session:ready': z.object({ user: PublicUser.nullable(), agent: AgentSnapshot.nullable() }),
  /** The server closes the session (signed out elsewhere, account disabled, shutdown). */
  'session:ended': z.object({ reason: z.string() }),
  'agent:state-changed': AgentSnapshot,
  'call:offered': CallOffer,
  'call:offer-withdrawn': OfferWithdrawn,
  /** A call's state as its participants see it (customer: position while waiting). */
  'call:state-changed': CallStatus,
  /** A colleague asks this agent to join their call. */
  'call:consult-requested': ConsultRequested,
  /** A digit pressed on the phone at the far end of the agent's call. */
  'call:dtmf-received': DtmfReceived,
  'media:producer-added': ProducerInfo,
  'media:producer-removed': ProducerInfo,
  /** To supervisors and admins watching (live:watch): the queues' figures changed. */
  'live:queues-updated': LiveQueuesUpdate,
  /** To watchers who may see this agent: their presence changed. */
  'live:agent-updated': LiveAgent,
  /** To watchers who may see these calls: calls in progress and their audio quality. */
  'live:calls-updated': LiveCallsUpdate,
} as const satisfies Record<string, z.ZodType>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;
