import type { Notifier } from '../signaling/notifier.ts';

/**
 * The call service tells a call's participants of every change of its state (queued,
 * ringing, answered, held, transferred, ended) through the Notifier: this passes
 * everything on unchanged and also reports which call changed, so the live view hears
 * the same changes without the call service knowing about it.
 */
export function tapCallChanges(notifier: Notifier, onChange: (callId: string) => void): Notifier {
  return {
    toUser: (userId, event, payload) => notifier.toUser(userId, event, payload),
    toCall(callId, event, payload, alsoUserIds) {
      notifier.toCall(callId, event, payload, alsoUserIds);
      if (event === 'call:state-changed') onChange(callId);
    },
    leaveCall: (userId, callId) => notifier.leaveCall(userId, callId),
  };
}
