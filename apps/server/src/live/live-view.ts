import type { CallInProgress, LiveSnapshot } from '@cc/shared';
import type { AcdService } from '../acd/acd-service.ts';
import type { Logger } from '../logging/logger.ts';
import type { MediaRooms } from '../media/media-service.ts';
import type { Queryable } from '../persistence/database.ts';
import type { LiveBroadcast } from './live-broadcast.ts';
import { type CarriedCalls, LiveCallsFeed } from './live-calls-feed.ts';
import { agentRooms, liveRooms, roomsOfScope, scopeOf } from './live-scope.ts';
import { TeamDirectory } from './team-directory.ts';
import { type LiveSource, toLiveAgent, Wallboard } from './wallboard.ts';
import { AgentControls, type Supervisor } from './agent-controls.ts';

export interface LiveViewDeps {
  acd: AcdService;
  /** The node's call service, built after the live view (it reports call changes here). */
  calls: () => CarriedCalls & {
    /** Resolves once the call records written so far have landed (today's figures read them). */
    recordsSettled(): Promise<void>;
  };
  media: MediaRooms;
  db: Queryable;
  nodeId: string;
  broadcast: LiveBroadcast;
  /** Calls in progress on the other nodes (none when this is the only one). */
  otherNodesCalls?: () => Promise<CallInProgress[]>;
  log: Logger;
  /** Queue figures are pushed at most this often. Default 1000 ms. */
  queuesMinIntervalMs?: number;
  /** See LiveCallsFeedOptions. */
  callsRefreshMs?: number;
  /** The contact center's TIME_ZONE, where "today" begins. Default UTC. */
  timeZone?: string;
  now?: () => Date;
}

/**
 * The live view for supervisors and admins, pushed over socket.io rooms (so it reaches
 * watchers on any node): queue figures when calls arrive, are answered, abandoned or
 * end, or agents change (recomputed from shared state and SQL, at most once a second);
 * each agent change as it happens, to those who may see that agent; this node's calls
 * with their audio quality (LiveCallsFeed).
 */
export class LiveView {
  readonly wallboard: Wallboard;
  readonly controls: AgentControls;
  /** Presence, waiting calls and every node's calls: also what GET /api/live reads. */
  readonly source: LiveSource;
  private readonly teams: TeamDirectory;
  private readonly feed: LiveCallsFeed;
  /** Agent pushes leave in the order the ACD decided them. */
  private agentPushes: Promise<void> = Promise.resolve();
  private queuesTimer: NodeJS.Timeout | undefined;
  private queuesRunning = false;
  private queuesAgain = false;
  private lastQueuesPush = 0;
  private closed = false;

  constructor(private readonly deps: LiveViewDeps) {
    const { acd } = deps;
    this.teams = new TeamDirectory(deps.db);
    this.feed = new LiveCallsFeed({
      calls: deps.calls,
      media: deps.media,
      teams: this.teams,
      nodeId: deps.nodeId,
      emit: (rooms, event, payload) => deps.broadcast.toRooms(rooms, event, payload),
      log: deps.log,
      refreshMs: deps.callsRefreshMs,
    });
    this.source = {
      listAgents: () => acd.listAgents(),
      listWaitingCalls: () => acd.listWaitingCalls(),
      listLiveCalls: () => this.allCalls(),
    };
    this.wallboard = new Wallboard(deps.db, this.source, deps.timeZone, deps.now);
    this.controls = new AgentControls({
      acd,
      db: deps.db,
      teams: this.teams,
      endSession: (userId, reason) => deps.broadcast.endSession(userId, reason),
      log: deps.log,
    });
  }

  /** Starts listening to the ACD (agent changes are reported on the node that decided them). */
  start(): void {
    this.deps.acd.on('agent-changed', (agent) => {
      const presence = { ...agent };
      this.agentPushes = this.agentPushes
        .then(async () => {
          const teamId = await this.teams.teamOf(presence.userId);
          this.deps.broadcast.toRooms(agentRooms(teamId), 'live:agent-updated', toLiveAgent(presence, teamId));
        })
        .catch((err) => this.deps.log.error({ err, userId: presence.userId }, 'live agent not pushed'));
      this.queuesChanged();
    });
    this.deps.acd.on('call-lost', () => this.queuesChanged());
    this.feed.start();
  }

  /** A call on this node changed state (queued, ringing, answered, held, ended). */
  callChanged(): void {
    this.feed.changed();
    this.queuesChanged();
  }

  /** This node's calls, for another node assembling a snapshot. */
  localCalls(): Promise<CallInProgress[]> {
    return this.feed.list();
  }

  /** A supervisor or admin starts watching: their rooms, then the snapshot. */
  async watch(viewer: Supervisor, joinRoom: (room: string) => Promise<void>): Promise<LiveSnapshot> {
    const scope = await scopeOf(this.deps.db, viewer);
    for (const room of roomsOfScope(scope)) await joinRoom(room);
    return this.wallboard.snapshot(scope);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.queuesTimer);
    this.feed.close();
  }

  private async allCalls(): Promise<CallInProgress[]> {
    const [mine, others] = await Promise.all([
      this.feed.list(),
      (this.deps.otherNodesCalls?.() ?? Promise.resolve([])).catch((err) => {
        this.deps.log.warn({ err }, 'other nodes did not list their calls');
        return [];
      }),
    ]);
    return [...mine, ...others];
  }

  /**
   * Recomputes and pushes the queue figures soon: at least 200 ms after the change (its
   * call record lands meanwhile) and a second after the previous push.
   */
  private queuesChanged(): void {
    if (this.closed) return;
    if (this.queuesRunning) {
      this.queuesAgain = true;
      return;
    }
    if (this.queuesTimer) return;
    const interval = this.deps.queuesMinIntervalMs ?? 1_000;
    const delay = Math.max(200, this.lastQueuesPush + interval - Date.now());
    this.queuesTimer = setTimeout(() => {
      this.queuesTimer = undefined;
      this.queuesRunning = true;
      this.lastQueuesPush = Date.now();
      this.pushQueues()
        .catch((err) => this.deps.log.error({ err }, 'live queues not pushed'))
        .finally(() => {
          this.queuesRunning = false;
          if (this.queuesAgain) {
            this.queuesAgain = false;
            this.queuesChanged();
          }
        });
    }, delay);
  }

  private async pushQueues(): Promise<void> {
    await this.deps.calls().recordsSettled();
    const update = await this.wallboard.queues();
    if (!this.closed) this.deps.broadcast.toRooms([liveRooms.watchers], 'live:queues-updated', update);
  }
}
