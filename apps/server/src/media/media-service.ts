import type { Logger } from '../logging/logger.ts';
import { CallRoom } from './call-room.ts';
import { routerMediaCodecs } from './codecs.ts';
import type { WorkerPool } from './worker-pool.ts';

/** What the rest of the server sees of media: one room per call. */
export interface MediaRooms {
  createRoom(callId: string): Promise<CallRoom>;
  getRoom(callId: string): CallRoom | undefined;
  closeRoom(callId: string): void;
  roomCount(): number;
}

export class MediaService implements MediaRooms {
  private readonly rooms = new Map<string, CallRoom>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly log: Logger,
  ) {}

  async createRoom(callId: string): Promise<CallRoom> {
    const { router, webRtcServer, workerIndex } = await this.pool.createRouter(routerMediaCodecs);
    const room = new CallRoom(callId, router, webRtcServer, this.log.child({ callId }));
    this.rooms.set(callId, room);
    this.log.debug({ callId, workerIndex }, 'call room created');
    return room;
  }

  getRoom(callId: string): CallRoom | undefined {
    return this.rooms.get(callId);
  }

  closeRoom(callId: string): void {
    this.rooms.get(callId)?.close();
    this.rooms.delete(callId);
  }

  roomCount(): number {
    return this.rooms.size;
  }
}
