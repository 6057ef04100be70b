import type { EventName, EventPayload } from '@cc/shared';

/** How services reach clients, without knowing about socket.io. */
export interface Notifier {
  /** Every socket of one signed-in user. */
  toUser<K extends EventName>(userId: string, event: K, payload: EventPayload<K>): void;
  /**
   * Everyone in a call: its customer and, once answered, its agent; plus any users
   * named (an agent not yet in the call's room). Each socket gets the event once.
   */
  toCall<K extends EventName>(callId: string, event: K, payload: EventPayload<K>, alsoUserIds?: string[]): void;
  /** A user's sockets stop hearing a call's events (they transferred it away). */
  leaveCall(userId: string, callId: string): void;
}

/** Socket.io room names, in one place. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  call: (callId: string) => `call:${callId}`,
  customer: (callId: string) => `customer:${callId}`,
} as const;
