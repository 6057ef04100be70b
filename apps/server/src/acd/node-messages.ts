import type { WaitingCall } from './acd-model.ts';
import type { AcdEvents } from './acd-events.ts';
import type { NodeMessage } from './live-state.ts';

/**
 * The ACD events that travel between nodes: a decision taken on one node about a call
 * carried by another is delivered to the carrier, whose call service owns the call.
 * JSON on the wire, so dates and maps are encoded here and nowhere else.
 */
export type CallEventName = 'call-offered' | 'offer-ended' | 'call-overflowed' | 'queue-changed' | 'call-end-requested';

export function encodeNodeMessage<K extends CallEventName>(from: string, event: K, payload: AcdEvents[K][0]): NodeMessage {
  if (event === 'queue-changed') {
    const q = payload as AcdEvents['queue-changed'][0];
    return { from, event, payload: { queueId: q.queueId, positions: [...q.positions], estimates: [...q.estimates] } };
  }
  return { from, event, payload };
}

export function decodeNodeMessage(message: NodeMessage): { event: CallEventName; payload: unknown } | null {
  const p = message.payload as Record<string, unknown>;
  switch (message.event) {
    case 'queue-changed':
      return {
        event: 'queue-changed',
        payload: {
          queueId: p.queueId,
          positions: new Map(p.positions as Array<[string, number]>),
          estimates: new Map(p.estimates as Array<[string, number | null]>),
        },
      };
    case 'call-offered':
      return {
        event: 'call-offered',
        payload: { ...p, call: reviveCall(p.call), expiresAt: new Date(p.expiresAt as string) },
      };
    case 'call-end-requested':
      return { event: 'call-end-requested', payload: { callId: String(p.callId), reason: 'agent-disconnected' } };
    case 'offer-ended':
    case 'call-overflowed':
      return { event: message.event, payload: { ...p, call: reviveCall(p.call) } };
    default:
      return null;
  }
}

/** A WaitingCall back from JSON, its dates restored. */
export function reviveCall(raw: unknown): WaitingCall {
  const c = raw as WaitingCall & { queuedAt: string; enteredQueueAt: string; offerExpiresAt: string | null };
  return {
    ...c,
    queuedAt: new Date(c.queuedAt),
    enteredQueueAt: new Date(c.enteredQueueAt),
    offerExpiresAt: c.offerExpiresAt ? new Date(c.offerExpiresAt) : null,
  };
}
