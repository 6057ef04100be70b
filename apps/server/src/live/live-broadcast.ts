import type { EventName, EventPayload } from '@cc/shared';
import { rooms } from '../signaling/notifier.ts';
import type { SignalingServer } from '../signaling/socket-server.ts';

/** How the live view reaches sockets on every node (socket.io rooms, via the adapter). */
export interface LiveBroadcast {
  toRooms<K extends EventName>(roomNames: string[], event: K, payload: EventPayload<K>): void;
  /** Tells a user's every socket their session is over, and disconnects them. */
  endSession(userId: string, reason: string): void;
}

export function createLiveBroadcast(io: SignalingServer): LiveBroadcast {
  return {
    toRooms: (roomNames, event, payload) => void (io.to(roomNames).emit as Function)(event, payload),
    endSession(userId, reason) {
      io.to(rooms.user(userId)).emit('session:ended', { reason });
      io.in(rooms.user(userId)).disconnectSockets(true);
    },
  };
}
