import { randomUUID } from 'node:crypto';
import { Team, TeamInput, TeamPatch } from '@cc/shared';
import { z } from 'zod';
import { badRequest, notFound } from '../errors.ts';
import type { Database } from '../persistence/database.ts';
import { TeamRepository } from '../teams/team-repository.ts';
import { UserRepository } from '../users/user-repository.ts';
import type { ApiRouter } from './api-router.ts';
import { IdParams } from './id-params.ts';

const admin = ['admin'] as const;
const tag = 'Teams';

/** /api/teams: teams and their supervisors. Admins only; members join via PATCH /api/users/:id { teamId }. */
export function registerTeamRoutes(router: ApiRouter, db: Database): void {
  const teams = new TeamRepository(db);
  router.route(
    { method: 'GET', url: '/api/teams', tag, summary: 'List teams', roles: admin, response: z.array(Team) },
    () => teams.list(),
  );
  router.route(
    {
      method: 'POST',
      url: '/api/teams',
      tag,
      summary: 'Create a team',
      description: 'Supervisors must be users with the supervisor or admin role.',
      roles: admin,
      body: TeamInput,
      response: Team,
      status: 201,
      errors: [409],
    },
    ({ body }) =>
      db.transaction(async (tx) => {
        await assertSupervisors(new UserRepository(tx), body.supervisorIds);
        return new TeamRepository(tx).create({ id: randomUUID(), ...body });
      }),
  );
  router.route(
    { method: 'GET', url: '/api/teams/:id', tag, summary: 'Get a team', roles: admin, params: IdParams, response: Team, errors: [404] },
    async ({ params }) => (await teams.findById(params.id)) ?? Promise.reject(notFound('The team')),
  );
  router.route(
    {
      method: 'PATCH',
      url: '/api/teams/:id',
      tag,
      summary: 'Rename a team or replace its supervisors',
      roles: admin,
      params: IdParams,
      body: TeamPatch,
      response: Team,
      errors: [404, 409],
    },
    ({ params, body }) =>
      db.transaction(async (tx) => {
        if (body.supervisorIds) await assertSupervisors(new UserRepository(tx), body.supervisorIds);
        return (await new TeamRepository(tx).update(params.id, body)) ?? Promise.reject(notFound('The team'));
      }),
  );
  router.route(
    {
      method: 'DELETE',
      url: '/api/teams/:id',
      tag,
      summary: 'Delete a team',
      description: 'Its members stay, with no team.',
      roles: admin,
      params: IdParams,
      response: null,
      errors: [404],
    },
    async ({ params }) => {
      if (!(await teams.delete(params.id))) throw notFound('The team');
    },
  );
}

/** An agent cannot supervise: the live view and call search would give them nothing anyway. */
async function assertSupervisors(users: UserRepository, ids: readonly string[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    const user = await users.findById(id);
    if (!user) throw badRequest(`Invalid request: supervisorIds.${i}: no such user`);
    if (user.role === 'agent') throw badRequest(`Invalid request: supervisorIds.${i}: must be a supervisor or admin`);
  }
}
