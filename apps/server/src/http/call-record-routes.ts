import { CallRecordDetail, CallRecordPage, CallRecordQuery } from '@cc/shared';
import { CallRecordDetails } from '../calls/call-record-detail.ts';
import { type CallRecordScope, CallRecordSearch } from '../calls/call-record-search.ts';
import { forbidden, notFound } from '../errors.ts';
import type { Queryable } from '../persistence/database.ts';
import { TeamRepository } from '../teams/team-repository.ts';
import type { ApiRouter } from './api-router.ts';
import type { RequestUser } from './bearer-auth.ts';
import { IdParams } from './id-params.ts';

/** GET /api/calls and /api/calls/:id: call history. Everyone signed in, each seeing only their share. */
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
  const details = new CallRecordDetails(db);
  router.route(
    {
      method: 'GET',
      url: '/api/calls/:id',
      tag: 'Calls',
      summary: 'A call record and its log',
      description: 'The record as in the search, and every step of its log, oldest first. A call outside your share is 404.',
      roles: ['agent', 'supervisor', 'admin'],
      params: IdParams,
      response: CallRecordDetail,
      errors: [404],
    },
    async ({ params, user }) => {
      const detail = await details.find(params.id, await scopeOf(user, undefined, teams));
      if (!detail) throw notFound('That call');
      return detail;
    },
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
