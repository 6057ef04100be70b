import type { CallInProgress, EventName, EventPayload } from '@cc/shared';
import type { LiveCall } from '../calls/live-call.ts';
import type { Logger } from '../logging/logger.ts';
import type { MediaRooms } from '../media/media-service.ts';
import { summariseQuality } from './call-quality.ts';
import { callRooms, liveRooms } from './live-scope.ts';
import type { TeamDirectory } from './team-directory.ts';

/** The calls a node carries (the CallService). */
export interface CarriedCalls {
  activeCallIds(): string[];
  get(callId: string): LiveCall | undefined;
}

export interface LiveCallsFeedOptions {
  /** The node's call service (built after the live view, hence a getter). */
  calls: () => CarriedCalls;
  media: MediaRooms;
  teams: TeamDirectory;
  nodeId: string;
  emit<K extends EventName>(roomNames: string[], event: K, payload: EventPayload<K>): void;
  log: Logger;
  /** How often the calls and their audio quality are pushed while there are any. Default 2000 ms. */
  refreshMs?: number;
  /** How long after a change of a call its push waits for further changes. Default 150 ms. */
  settleMs?: number;
}

/**
 * This node's calls for the live view. The node carrying a call is the one that knows
 * it (its media, its agent), so each node pushes its own: at once (nearly) when a call
 * changes, and every `refreshMs` with fresh audio quality. Watchers drop calls they
 * have not heard of for a few refreshes, which covers a node that stopped.
 */
export class LiveCallsFeed {
  /** Where each call was last pushed, so that a call leaving a room is removed there. */
  private lastRooms = new Map<string, string[]>();
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private pushing: Promise<void> | null = null;
  private again = false;
  private closed = false;
  /**
   * Each call's audio quality as last measured. Only the periodic refresh measures
   * (mediasoup getStats on every producer and consumer): a push for a call's change
   * reuses it, so a burst of new calls does not become a burst of stats requests to the
   * workers while they are busy setting up those calls' media.
   */
  private readonly quality = new Map<string, CallInProgress['quality']>();
  private measureNext = false;

  constructor(private readonly options: LiveCallsFeedOptions) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.lastRooms.size > 0 || this.options.calls().activeCallIds().length > 0) {
        this.measureNext = true;
        this.push();
      }
    }, this.options.refreshMs ?? 2_000);
  }

  /** A call changed: push shortly, once for a burst of changes. */
  changed(): void {
    if (this.closed || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.push();
    }, this.options.settleMs ?? 150);
  }

  /** This node's calls as they stand, with their audio quality (measured now, or the last measured). */
  async list(measure = true): Promise<CallInProgress[]> {
    const { media, teams, nodeId } = this.options;
    const calls = this.options.calls();
    const live = calls
      .activeCallIds()
      .map((id) => calls.get(id))
      .filter((c): c is LiveCall => c !== undefined && c.state !== 'ended');
    return Promise.all(
      live.map(async (call): Promise<CallInProgress> => {
        const known = this.quality.get(call.id);
        let quality = known;
        if (measure || !known) {
          const streams = (await media.getRoom(call.id)?.qualityStats().catch(() => [])) ?? [];
          quality = summariseQuality({ received: streams.flatMap((s) => s.received), sent: streams.flatMap((s) => s.sent) });
          this.quality.set(call.id, quality);
        }
        return {
          callId: call.id,
          nodeId,
          channel: call.channel,
          direction: call.direction,
          caller: call.phoneLeg?.remoteNumber ?? call.callerLabel,
          queueId: call.queueId,
          queueName: call.queueName,
          agentId: call.agentId,
          agentName: call.agentName,
          // A call a supervisor took over stays with the team of the agent it was taken from.
          teamId: call.teamAgentId ? await teams.teamOf(call.teamAgentId) : null,
          state: call.state,
          onHold: call.onHold,
          startedAt: call.queuedAt.toISOString(),
          answeredAt: call.answeredAt?.toISOString() ?? null,
          quality: quality!,
        };
      }),
    );
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.soon);
  }

  /** One push at a time; a change during a push brings another right after it. */
  private push(): void {
    if (this.closed) return;
    if (this.pushing) {
      this.again = true;
      return;
    }
    this.pushing = this.publish()
      .catch((err) => this.options.log.error({ err }, 'live calls not pushed'))
      .finally(() => {
        this.pushing = null;
        if (this.again) {
          this.again = false;
          this.push();
        }
      });
  }

  private async publish(): Promise<void> {
    const { emit, nodeId } = this.options;
    const measure = this.measureNext;
    this.measureNext = false;
    const list = await this.list(measure);
    const carried = new Set(list.map((c) => c.callId));
    for (const callId of this.quality.keys()) if (!carried.has(callId)) this.quality.delete(callId);
    if (this.closed) return;
    const now = new Map(list.map((c) => [c.callId, callRooms(c)]));
    const ended = [...this.lastRooms.keys()].filter((id) => !now.has(id));
    if (ended.length > 0) emit([liveRooms.watchers], 'live:calls-updated', { nodeId, calls: [], removedCallIds: ended });
    // A call that changed hands (answered, transferred) leaves the rooms that no longer see it.
    for (const [callId, rooms] of now) {
      const before = this.lastRooms.get(callId);
      const left = before?.filter((r) => !rooms.includes(r)) ?? [];
      if (left.length > 0) emit(left, 'live:calls-updated', { nodeId, calls: [], removedCallIds: [callId] });
    }
    const groups = new Map<string, { rooms: string[]; calls: CallInProgress[] }>();
    for (const call of list) {
      const rooms = now.get(call.callId)!;
      const key = rooms.join(' ');
      const group = groups.get(key) ?? { rooms, calls: [] };
      group.calls.push(call);
      groups.set(key, group);
    }
    for (const { rooms, calls } of groups.values()) emit(rooms, 'live:calls-updated', { nodeId, calls, removedCallIds: [] });
    this.lastRooms = now;
  }
}
