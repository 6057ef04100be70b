import type { CallDirection, CallEndReason } from '@cc/shared';
import type { CallRoom, Participant } from '../media/call-room.ts';

/**
 * The customer's side of a phone call, as the call service sees it: a SIP dialog and
 * its RTP, whichever way it was set up. The SIP gateway implements it.
 */
export interface PhoneLeg {
  readonly direction: CallDirection;
  /** The phone's number: the caller's for inbound, the dialled one for outbound. */
  readonly remoteNumber: string;
  /** The codec the browsers must send so that this leg receives it untranscoded. */
  readonly sendCodec: { mimeType: string; clockRate: number };
  /** Puts the phone's audio into the call's media room, and the room's into the phone. */
  attachMedia(room: CallRoom, participant: Participant): Promise<void>;
  /** An agent took the inbound call: answer the phone (200 OK). */
  answer(): void;
  /** The call ended on our side: a final response, CANCEL or BYE, whichever fits. */
  end(reason: CallEndReason): void;
  /** Digits to the phone as RFC 4733 events. */
  sendDigits(digits: string): Promise<void>;
}

/** An outbound leg is set up (relay, media) before its INVITE goes out. */
export interface OutboundPhoneLeg extends PhoneLeg {
  /** Sends the INVITE; progress comes back through PhoneLegEvents. */
  placeCall(): void;
}

/** What a phone leg reports back to the call service. */
export interface PhoneLegEvents {
  /** The far end hung up (BYE), or cancelled before an answer. */
  hungUp(callId: string): void;
  /** An outbound call rings at the far end (180/183). */
  remoteRinging(callId: string): void;
  /** An outbound call was answered (200 OK). */
  remoteAnswered(callId: string): void;
  /** The leg failed on its own: busy, no answer, RTP timeout, lost ACK. */
  failed(callId: string, reason: CallEndReason): void;
  /** Hold and resume from the phone, digits it pressed. */
  event(callId: string, type: 'held' | 'resumed' | 'dtmf', data: Record<string, unknown>): void;
}
