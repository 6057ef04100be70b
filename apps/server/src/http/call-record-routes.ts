import { CallRecordPage, CallRecordQuery } from '@cc/shared';
import { type CallRecordScope, CallRecordSearch } from '../calls/call-record-search.ts';
import { forbidden } from '../errors.ts';
import type { Queryable } from '../persistence/database.ts';
import { TeamRepository } from '../teams/team-repository.ts';
import type { ApiRouter } from './api-router.ts';
import type { RequestUser } from './bearer-auth.ts';

/** GET /api/calls: call history. Everyone signed in, each seeing only their share. */
export function registerCallRecordRoutes(router: ApiRouter, db: Queryable): void {
  const search = new CallRecordSearch(db);
  const teams = new TeamRepository(db);
  router.route(
    {
      method: 'GET',
      url: '/api/calls',
      tag: 'Calls',
      summary: 'Search call records',
      description:
        'Newest first. Admins see every call; supervisors the calls their teams’ agents answered plus unanswered ' +
        'calls in those agents’ queues; agents the calls they answered. Asking for another agent outside that share is 403.',
      roles: ['agent', 'supervisor', 'admin'],
      query: CallRecordQuery,
      response: CallRecordPage,
    },
    async ({ query, user }) => search.search(query, await scopeOf(user, query.agentId, teams)),
  );
}

async function scopeOf(user: RequestUser, agentId: string | undefined, teams: TeamRepository): Promise<CallRecordScope> {
  switch (user.role) {
    case 'admin':
      return { kind: 'all' };
    case 'supervisor':
      if (agentId && !(await teams.memberIdsSupervisedBy(user.userId)).includes(agentId)) {
        throw forbidden('That agent is not in a team you supervise.');
      }
      return { kind: 'supervisor', supervisorId: user.userId };
    case 'agent':
      if (agentId && agentId !== user.userId) throw forbidden('Agents can search only their own calls.');
      return { kind: 'agent', agentId: user.userId };
  }
}
