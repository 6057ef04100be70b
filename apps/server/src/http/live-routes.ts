import { LiveSnapshot } from '@cc/shared';
import type { Queryable } from '../persistence/database.ts';
import { QueueRepository } from '../queues/queue-repository.ts';
import { TeamRepository } from '../teams/team-repository.ts';
import { UserRepository } from '../users/user-repository.ts';
import type { ApiRouter } from './api-router.ts';

/** Where the live view's presence and waiting calls come from (the ACD, in app.ts). */
export interface LiveSource {
  listAgents(): Promise<
    Array<{ userId: string; displayName: string; status: LiveSnapshot['agents'][number]['status']; since: Date; reason: string | null; callId: string | null }>
  >;
  listWaitingCalls(): Promise<Array<{ callId: string; queueId: string; queueName: string; queuedAt: Date; offeredTo: string | null }>>;
}

/** GET /api/live: the wallboard snapshot. Supervisors see only their teams' agents. */
export function registerLiveRoutes(router: ApiRouter, db: Queryable, source: LiveSource, now: () => Date = () => new Date()): void {
  const queues = new QueueRepository(db);
  const teams = new TeamRepository(db);
  const users = new UserRepository(db);
  router.route(
    {
      method: 'GET',
      url: '/api/live',
      tag: 'Live',
      summary: 'Queues and agents right now',
      description: 'Supervisors see the agents of the teams they supervise, and every queue.',
      roles: ['supervisor', 'admin'],
      response: LiveSnapshot,
    },
    async ({ user }) => {
      const at = now();
      const [agents, calls, queueList, userList] = await Promise.all([
        source.listAgents(),
        source.listWaitingCalls(),
        queues.list(),
        users.list(),
      ]);
      const teamOf = new Map(userList.map((u) => [u.id, u.teamId]));
      const visible = user.role === 'admin' ? null : new Set(await teams.memberIdsSupervisedBy(user.userId));
      return {
        generatedAt: at.toISOString(),
        queues: queueList.map((q) => {
          const inQueue = calls.filter((c) => c.queueId === q.id);
          const oldest = Math.min(...inQueue.map((c) => c.queuedAt.getTime()));
          return {
            queueId: q.id,
            name: q.name,
            displayName: q.displayName,
            waiting: inQueue.filter((c) => c.offeredTo === null).length,
            ringing: inQueue.filter((c) => c.offeredTo !== null).length,
            longestWaitSeconds: inQueue.length > 0 ? Math.max(0, Math.round((at.getTime() - oldest) / 1000)) : 0,
          };
        }),
        agents: agents
          .filter((a) => !visible || visible.has(a.userId))
          .map((a) => ({
            userId: a.userId,
            displayName: a.displayName,
            teamId: teamOf.get(a.userId) ?? null,
            status: a.status,
            since: a.since.toISOString(),
            reason: a.reason,
            callId: a.callId,
          })),
      };
    },
  );
}
