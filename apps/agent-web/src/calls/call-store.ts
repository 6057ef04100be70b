import type { CallChannel, CallDirection, CallEndReason, CallOffer, CallStatus, ConsultRequested, ExternalParty } from '@cc/shared';
import { create } from 'zustand';

/**
 * How far the agent's call has got. An answered call starts connected; an outbound one
 * goes dialing (INVITE sent) → ringing (the far end rings) → connected.
 */
export type CallProgress = 'dialing' | 'ringing' | 'connected';

export interface ActiveCall {
  callId: string;
  queueName: string;
  /** Who is at the other end: the widget's caller label, or a phone number. */
  callerLabel: string;
  channel: CallChannel;
  direction: CallDirection;
  progress: CallProgress;
  /** True once this desktop's media transports are up. */
  mediaReady: boolean;
  /** ms since epoch the conversation began (connected and media up); null before. */
  connectedAt: number | null;
  muted: boolean;
  /** The customer is on hold: they hear music, and neither side hears the other. */
  onHold: boolean;
  /** A colleague consulted on this call, as the server reports it. */
  consult: NonNullable<CallStatus['consult']> | null;
  /** An outside number this agent consulted (or transferred to), as the server reports it. */
  external: ExternalParty | null;
  /** This agent joined as the consulted colleague (their hang-up leaves the call). */
  asColleague: boolean;
  /** Digits the phone at the far end pressed, oldest first, the last {@link DIGITS_KEPT}. */
  digitsReceived: string;
  /** Digits this agent sent to the phone, the last {@link DIGITS_KEPT}. */
  digitsSent: string;
}

/** What is known of a call when it starts; the rest starts empty. */
export type NewCall = Pick<ActiveCall, 'callId' | 'queueName' | 'callerLabel' | 'channel' | 'direction' | 'progress'>;

/** Enough digits for a PIN or an account number; older ones scroll away. */
const DIGITS_KEPT = 32;

interface CallStore {
  offer: CallOffer | null;
  /** A colleague asks this agent to join their call. */
  consultRequest: ConsultRequested | null;
  active: ActiveCall | null;
  /** True from the agent pressing Call until the server accepts or refuses the dial. */
  dialPending: boolean;
  /** Why the last dial did not start a call, in words; shown at the dial pad. */
  dialProblem: string | null;
  /** The last thing to tell the agent about calls, in words (offer withdrawn, call ended, errors). */
  message: string | null;
  callOffered(offer: CallOffer): void;
  offerWithdrawn(callId: string, message: string): void;
  callAnswered(call: NewCall): void;
  dialRequested(): void;
  dialRefused(message: string): void;
  callDialed(call: NewCall): void;
  callProgressed(callId: string, progress: CallProgress): void;
  mediaConnected(callId: string): void;
  muteChanged(muted: boolean): void;
  holdChanged(callId: string, onHold: boolean): void;
  consultChanged(callId: string, consult: ActiveCall['consult']): void;
  externalChanged(callId: string, external: ExternalParty | null): void;
  consultRequested(request: ConsultRequested | null): void;
  consultJoined(call: NewCall): void;
  dtmfReceived(callId: string, digit: string): void;
  dtmfSent(callId: string, digits: string): void;
  callEnded(callId: string, message: string): void;
  problem(message: string): void;
  reset(): void;
}

function started(call: NewCall): ActiveCall {
  return {
    ...call,
    mediaReady: false,
    connectedAt: null,
    muted: false,
    onHold: false,
    consult: null,
    external: null,
    asColleague: false,
    digitsReceived: '',
    digitsSent: '',
  };
}

/** The timer starts when both ends can hear each other: the call connected and our media up. */
function withTalkStart(call: ActiveCall): ActiveCall {
  return call.progress === 'connected' && call.mediaReady && call.connectedAt === null
    ? { ...call, connectedAt: Date.now() }
    : call;
}

const useCallStore = create<CallStore>((set, get) => {
  /** Applies `change` to the active call when it is `callId`; events for other calls are stale. */
  const update = (callId: string, change: (call: ActiveCall) => ActiveCall) => {
    const active = get().active;
    if (active?.callId === callId) set({ active: change(active) });
  };
  return {
    offer: null,
    consultRequest: null,
    active: null,
    dialPending: false,
    dialProblem: null,
    message: null,
    callOffered: (offer) => set({ offer, message: null }),
    offerWithdrawn: (callId, message) => {
      if (get().offer?.callId === callId) set({ offer: null, message });
    },
    callAnswered: (call) => set({ offer: null, active: started(call), message: null }),
    dialRequested: () => set({ dialPending: true, dialProblem: null, message: null }),
    dialRefused: (dialProblem) => set({ dialPending: false, dialProblem }),
    callDialed: (call) => set({ dialPending: false, dialProblem: null, active: started(call), message: null }),
    callProgressed: (callId, progress) => update(callId, (call) => withTalkStart({ ...call, progress })),
    mediaConnected: (callId) => update(callId, (call) => withTalkStart({ ...call, mediaReady: true })),
    muteChanged: (muted) => {
      const active = get().active;
      if (active) set({ active: { ...active, muted } });
    },
    holdChanged: (callId, onHold) => update(callId, (call) => ({ ...call, onHold })),
    // A colleague still on the call once the consultation is over has been handed it.
    consultChanged: (callId, consult) =>
      update(callId, (call) => ({ ...call, consult, asColleague: consult ? call.asColleague : false })),
    externalChanged: (callId, external) => update(callId, (call) => ({ ...call, external })),
    consultRequested: (consultRequest) => set({ consultRequest, message: null }),
    consultJoined: (call) =>
      set({ consultRequest: null, active: { ...started(call), asColleague: true }, message: null }),
    dtmfReceived: (callId, digit) =>
      update(callId, (call) => ({ ...call, digitsReceived: (call.digitsReceived + digit).slice(-DIGITS_KEPT) })),
    dtmfSent: (callId, digits) =>
      update(callId, (call) => ({ ...call, digitsSent: (call.digitsSent + digits).slice(-DIGITS_KEPT) })),
    callEnded: (callId, message) => {
      const { active, offer } = get();
      if (active?.callId === callId || offer?.callId === callId) set({ active: null, offer: null, message });
      if (get().consultRequest?.callId === callId) set({ consultRequest: null });
    },
    problem: (message) => set({ message }),
    reset: () => set({ offer: null, consultRequest: null, active: null, dialPending: false, dialProblem: null, message: null }),
  };
});

export const useOffer = () => useCallStore((s) => s.offer);
export const useConsultRequest = () => useCallStore((s) => s.consultRequest);
export const useActiveCall = () => useCallStore((s) => s.active);
export const useDialPending = () => useCallStore((s) => s.dialPending);
export const useDialProblem = () => useCallStore((s) => s.dialProblem);
export const useCallMessage = () => useCallStore((s) => s.message);
export const callActions = {
  callOffered: (offer: CallOffer) => useCallStore.getState().callOffered(offer),
  offerWithdrawn: (callId: string, message: string) => useCallStore.getState().offerWithdrawn(callId, message),
  callAnswered: (call: NewCall) => useCallStore.getState().callAnswered(call),
  dialRequested: () => useCallStore.getState().dialRequested(),
  dialRefused: (message: string) => useCallStore.getState().dialRefused(message),
  callDialed: (call: NewCall) => useCallStore.getState().callDialed(call),
  callProgressed: (callId: string, progress: CallProgress) => useCallStore.getState().callProgressed(callId, progress),
  mediaConnected: (callId: string) => useCallStore.getState().mediaConnected(callId),
  muteChanged: (muted: boolean) => useCallStore.getState().muteChanged(muted),
  holdChanged: (callId: string, onHold: boolean) => useCallStore.getState().holdChanged(callId, onHold),
  consultChanged: (callId: string, consult: ActiveCall['consult']) => useCallStore.getState().consultChanged(callId, consult),
  externalChanged: (callId: string, external: ExternalParty | null) => useCallStore.getState().externalChanged(callId, external),
  consultRequested: (request: ConsultRequested | null) => useCallStore.getState().consultRequested(request),
  consultJoined: (call: NewCall) => useCallStore.getState().consultJoined(call),
  dtmfReceived: (callId: string, digit: string) => useCallStore.getState().dtmfReceived(callId, digit),
  dtmfSent: (callId: string, digits: string) => useCallStore.getState().dtmfSent(callId, digits),
  callEnded: (callId: string, message: string) => useCallStore.getState().callEnded(callId, message),
  problem: (message: string) => useCallStore.getState().problem(message),
  reset: () => useCallStore.getState().reset(),
  current: () => useCallStore.getState(),
};

export const endReasonText: Record<CallEndReason, string> = {
  'customer-hangup': 'The caller hung up.',
  'agent-hangup': 'You ended the call.',
  abandoned: 'The caller hung up before the call was answered.',
  'customer-disconnected': "The caller's connection was lost.",
  'agent-disconnected': 'Your connection was lost, so the call ended.',
  'media-failure': 'The call ended because of a media server failure.',
  'server-shutdown': 'The call ended because the server is restarting.',
  'no-agents': 'The call ended: no agents were available.',
  'queue-full': 'The call ended: the queue was full.',
  'max-wait': 'The call ended: the caller waited the queue’s maximum time.',
  'node-failure': 'The call ended: the server carrying it stopped.',
  busy: 'The number is busy.',
  'no-answer': 'Nobody answered.',
  rejected: 'The call was refused by the network.',
  unreachable: 'The number could not be reached.',
  'rtp-timeout': 'The phone line went silent, so the call ended.',
  transferred: 'You transferred the call.',
  'external-hangup': 'The number the call was transferred to hung up.',
  'taken-over': 'A supervisor took over the call.',
};
