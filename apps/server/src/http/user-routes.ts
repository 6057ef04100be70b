import { AdminUser, AgentSkill, AgentSkillList, QueueMembership, QueueMembershipList, UserInput, UserPatch } from '@cc/shared';
import { z } from 'zod';
import type { UserAdministration } from '../users/user-administration.ts';
import type { ApiRouter } from './api-router.ts';
import { IdParams } from './id-params.ts';

const admin = ['admin'] as const;
const tag = 'Users';

/** /api/users: accounts, roles, skills and queue memberships. Admins only. */
export function registerUserRoutes(router: ApiRouter, users: UserAdministration): void {
  router.route(
    { method: 'GET', url: '/api/users', tag, summary: 'List users', roles: admin, response: z.array(AdminUser) },
    () => users.list(),
  );
  router.route(
    {
      method: 'POST',
      url: '/api/users',
      tag,
      summary: 'Create a user',
      roles: admin,
      body: UserInput,
      response: AdminUser,
      status: 201,
      errors: [409],
    },
    ({ body }) => users.create(body),
  );
  router.route(
    { method: 'GET', url: '/api/users/:id', tag, summary: 'Get a user', roles: admin, params: IdParams, response: AdminUser, errors: [404] },
    ({ params }) => users.get(params.id),
  );
  router.route(
    {
      method: 'PATCH',
      url: '/api/users/:id',
      tag,
      summary: 'Change a user',
      description: 'Any of the fields; a new password is hashed. Admins cannot demote or disable themselves (409).',
      roles: admin,
      params: IdParams,
      body: UserPatch,
      response: AdminUser,
      errors: [404, 409],
    },
    ({ params, body, user }) => users.update(params.id, body, user.userId),
  );
  router.route(
    {
      method: 'DELETE',
      url: '/api/users/:id',
      tag,
      summary: 'Delete a user',
      description: 'A user with call history cannot be deleted (409): disable them instead.',
      roles: admin,
      params: IdParams,
      response: null,
      errors: [404, 409],
    },
    async ({ params, user }) => users.delete(params.id, user.userId),
  );
  router.route(
    { method: 'GET', url: '/api/users/:id/skills', tag, summary: "A user's skills", roles: admin, params: IdParams, response: z.array(AgentSkill), errors: [404] },
    ({ params }) => users.skillsOf(params.id),
  );
  router.route(
    {
      method: 'PUT',
      url: '/api/users/:id/skills',
      tag,
      summary: "Replace a user's skills",
      roles: admin,
      params: IdParams,
      body: AgentSkillList,
      response: z.array(AgentSkill),
      errors: [404],
    },
    ({ params, body }) => users.setSkills(params.id, body),
  );
  router.route(
    {
      method: 'GET',
      url: '/api/users/:id/memberships',
      tag,
      summary: "A user's queues and tiers",
      roles: admin,
      params: IdParams,
      response: z.array(QueueMembership),
      errors: [404],
    },
    ({ params }) => users.membershipsOf(params.id),
  );
  router.route(
    {
      method: 'PUT',
      url: '/api/users/:id/memberships',
      tag,
      summary: "Replace a user's queues and tiers",
      roles: admin,
      params: IdParams,
      body: QueueMembershipList,
      response: z.array(QueueMembership),
      errors: [404],
    },
    ({ params, body }) => users.setMemberships(params.id, body),
  );
}
