import type { AgentStatus, AgentsByStatus, LiveAgent, CallInProgress, LiveQueue, LiveQueuesUpdate, LiveSnapshot } from '@cc/shared';
import { agentStatuses } from '@cc/shared';
import type { Queryable } from '../persistence/database.ts';
import { QueueRepository } from '../queues/queue-repository.ts';
import { UserRepository } from '../users/user-repository.ts';
import { seesAgent, seesCall, type LiveScope } from './live-scope.ts';
import { startOfLocalDay } from '../calendar/local-time.ts';
import { emptyToday, TodayStats } from './today-stats.ts';

/** An agent's presence as the ACD holds it (the fields the live view reads). */
export interface LivePresence {
  userId: string;
  displayName: string;
  status: AgentStatus;
  since: Date;
  reason: string | null;
  callId: string | null;
  /** The queues the agent takes calls from; absent, the agent counts in no queue's staffing. */
  memberships?: ReadonlyArray<{ queueId: string }>;
}

/** Where the live view's presence, waiting calls and calls in progress come from (app.ts). */
export interface LiveSource {
  listAgents(): Promise<LivePresence[]>;
  listWaitingCalls(): Promise<Array<{ callId: string; queueId: string; queueName: string; queuedAt: Date; offeredTo: string | null }>>;
  /** Calls in progress on every node; absent, none are listed. */
  listLiveCalls?(): Promise<CallInProgress[]>;
}

export function toLiveAgent(agent: LivePresence, teamId: string | null): LiveAgent {
  return {
    userId: agent.userId,
    displayName: agent.displayName,
    teamId,
    status: agent.status,
    since: agent.since.toISOString(),
    reason: agent.reason,
    callId: agent.callId,
  };
}

const noAgents = (): AgentsByStatus => Object.fromEntries(agentStatuses.map((s) => [s, 0])) as AgentsByStatus;

/**
 * The wallboard's figures: queues right now (from the shared ACD state) and today (from
 * the call records), agents, calls. Every node computes the same from the same shared
 * sources, so it does not matter which one pushes.
 */
export class Wallboard {
  private readonly queueRepo: QueueRepository;
  private readonly users: UserRepository;
  private readonly today: TodayStats;

  constructor(
    db: Queryable,
    private readonly source: LiveSource,
    /** The contact center's TIME_ZONE: "today" begins at its midnight. */
    private readonly timeZone: string = 'UTC',
    private readonly now: () => Date = () => new Date(),
  ) {
    this.queueRepo = new QueueRepository(db);
    this.users = new UserRepository(db);
    this.today = new TodayStats(db);
  }

  async queues(): Promise<LiveQueuesUpdate> {
    const at = this.now();
    const dayStart = startOfLocalDay(at, this.timeZone);
    const [agents, calls, queueList, today, hourly] = await Promise.all([
      this.source.listAgents(),
      this.source.listWaitingCalls(),
      this.queueRepo.list(),
      this.today.byQueue(dayStart),
      this.today.hourly(dayStart, at),
    ]);
    const queues = queueList.map((q): LiveQueue => {
      const inQueue = calls.filter((c) => c.queueId === q.id);
      const oldest = inQueue.length > 0 ? new Date(Math.min(...inQueue.map((c) => c.queuedAt.getTime()))) : null;
      const staffing = noAgents();
      for (const a of agents) if (a.memberships?.some((m) => m.queueId === q.id)) staffing[a.status] += 1;
      return {
        queueId: q.id,
        name: q.name,
        displayName: q.displayName,
        waiting: inQueue.filter((c) => c.offeredTo === null).length,
        ringing: inQueue.filter((c) => c.offeredTo !== null).length,
        longestWaitSeconds: oldest ? Math.max(0, Math.round((at.getTime() - oldest.getTime()) / 1000)) : 0,
        oldestQueuedAt: oldest?.toISOString() ?? null,
        serviceLevelSeconds: q.serviceLevelSeconds,
        agents: staffing,
        today: today.get(q.id) ?? emptyToday,
      };
    });
    return { generatedAt: at.toISOString(), timeZone: this.timeZone, queues, hourly };
  }

  async agents(scope: LiveScope): Promise<LiveAgent[]> {
    const [agents, users] = await Promise.all([this.source.listAgents(), this.users.list()]);
    const teamOf = new Map(users.map((u) => [u.id, u.teamId]));
    return agents.filter((a) => seesAgent(scope, a.userId)).map((a) => toLiveAgent(a, teamOf.get(a.userId) ?? null));
  }

  async snapshot(scope: LiveScope): Promise<LiveSnapshot> {
    const [{ generatedAt, timeZone, queues, hourly }, agents, calls] = await Promise.all([
      this.queues(),
      this.agents(scope),
      this.source.listLiveCalls?.() ?? Promise.resolve([]),
    ]);
    return { generatedAt, timeZone, queues, hourly, agents, calls: calls.filter((c) => seesCall(scope, c)) };
  }
}
