import { randomUUID } from 'node:crypto';
import { Skill, SkillInput, notEmpty, patchOf } from '@cc/shared';
import { z } from 'zod';
import { notFound } from '../errors.ts';
import type { SkillRepository } from '../skills/skill-repository.ts';
import type { ApiRouter } from './api-router.ts';
import { IdParams } from './id-params.ts';

const admin = ['admin'] as const;
const tag = 'Skills';

/**
 * PATCH /api/skills/:id. Built here, not in packages/shared/src/skill.ts, which another
 * change owns; it is derived from the shared SkillInput, so the two cannot drift.
 */
export const SkillPatch = patchOf(SkillInput.shape).refine(notEmpty, 'Change at least one field.');

/** /api/skills: the skill catalogue. Admins only. */
export function registerSkillRoutes(
  router: ApiRouter,
  skills: SkillRepository,
  hooks: { onAgentProfileChanged?: (userId: string) => void | Promise<void> } = {},
): void {
  router.route(
    { method: 'GET', url: '/api/skills', tag, summary: 'List skills', roles: admin, response: z.array(Skill) },
    () => skills.list(),
  );
  router.route(
    { method: 'POST', url: '/api/skills', tag, summary: 'Create a skill', roles: admin, body: SkillInput, response: Skill, status: 201, errors: [409] },
    ({ body }) => skills.create({ id: randomUUID(), ...body }),
  );
  router.route(
    { method: 'GET', url: '/api/skills/:id', tag, summary: 'Get a skill', roles: admin, params: IdParams, response: Skill, errors: [404] },
    async ({ params }) => (await skills.findById(params.id)) ?? Promise.reject(notFound('The skill')),
  );
  router.route(
    {
      method: 'PATCH',
      url: '/api/skills/:id',
      tag,
      summary: 'Rename or describe a skill',
      roles: admin,
      params: IdParams,
      body: SkillPatch,
      response: Skill,
      errors: [404, 409],
    },
    async ({ params, body }) => (await skills.update(params.id, body)) ?? Promise.reject(notFound('The skill')),
  );
  router.route(
    {
      method: 'DELETE',
      url: '/api/skills/:id',
      tag,
      summary: 'Delete a skill',
      description: 'Agents lose it; a skill a queue requires cannot be deleted (409).',
      roles: admin,
      params: IdParams,
      response: null,
      errors: [404, 409],
    },
    async ({ params }) => {
      const holders = await skills.holdersOf(params.id);
      if (!(await skills.delete(params.id))) throw notFound('The skill');
      for (const userId of holders) await hooks.onAgentProfileChanged?.(userId);
    },
  );
}
