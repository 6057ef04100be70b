import type { CallEndReason, CallOffer } from '@cc/shared';
import { create } from 'zustand';

export interface ActiveCall {
  callId: string;
  queueName: string;
  callerLabel: string;
  /** ms since epoch; null until the media is up. */
  connectedAt: number | null;
  muted: boolean;
}

interface CallStore {
  offer: CallOffer | null;
  active: ActiveCall | null;
  /** The last thing to tell the agent about calls, in words (offer withdrawn, call ended, errors). */
  message: string | null;
  callOffered(offer: CallOffer): void;
  offerWithdrawn(callId: string, message: string): void;
  callAnswered(call: ActiveCall): void;
  mediaConnected(callId: string): void;
  muteChanged(muted: boolean): void;
  callEnded(callId: string, message: string): void;
  problem(message: string): void;
  reset(): void;
}

const useCallStore = create<CallStore>((set, get) => ({
  offer: null,
  active: null,
  message: null,
  callOffered: (offer) => set({ offer, message: null }),
  offerWithdrawn: (callId, message) => {
    if (get().offer?.callId === callId) set({ offer: null, message });
  },
  callAnswered: (active) => set({ offer: null, active, message: null }),
  mediaConnected: (callId) => {
    const active = get().active;
    if (active?.callId === callId && active.connectedAt === null) set({ active: { ...active, connectedAt: Date.now() } });
  },
  muteChanged: (muted) => {
    const active = get().active;
    if (active) set({ active: { ...active, muted } });
  },
  callEnded: (callId, message) => {
    const { active, offer } = get();
    if (active?.callId === callId || offer?.callId === callId) set({ active: null, offer: null, message });
  },
  problem: (message) => set({ message }),
  reset: () => set({ offer: null, active: null, message: null }),
}));

export const useOffer = () => useCallStore((s) => s.offer);
export const useActiveCall = () => useCallStore((s) => s.active);
export const useCallMessage = () => useCallStore((s) => s.message);
export const callActions = {
  callOffered: (offer: CallOffer) => useCallStore.getState().callOffered(offer),
  offerWithdrawn: (callId: string, message: string) => useCallStore.getState().offerWithdrawn(callId, message),
  callAnswered: (call: ActiveCall) => useCallStore.getState().callAnswered(call),
  mediaConnected: (callId: string) => useCallStore.getState().mediaConnected(callId),
  muteChanged: (muted: boolean) => useCallStore.getState().muteChanged(muted),
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
};
