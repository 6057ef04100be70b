import { randomUUID } from 'node:crypto';
import { AdminQueue, QueueInput, QueuePatch, type QueueSettings } from '@cc/shared';
import { z } from 'zod';
import { badRequest, notFound } from '../errors.ts';
import type { Database, Queryable } from '../persistence/database.ts';
import { QueueRepository } from '../queues/queue-repository.ts';
import { SkillRepository } from '../skills/skill-repository.ts';
import type { ApiRouter } from './api-router.ts';
import { IdParams } from './id-params.ts';

const tag = 'Queues';

export interface QueueRouteHooks {
  /** After a committed change to a queue's settings, or its deletion. */
  onQueueChanged?: (queueId: string) => void | Promise<void>;
  /** After a deleted queue took agents' memberships with it. */
  onAgentProfileChanged?: (userId: string) => void | Promise<void>;
}

/** /api/queues: queues and their routing settings. Admins change them; supervisors may read. */
export function registerQueueRoutes(router: ApiRouter, db: Database, hooks: QueueRouteHooks = {}): void {
  const queues = new QueueRepository(db);
  router.route(
    { method: 'GET', url: '/api/queues', tag, summary: 'List queues', roles: ['supervisor', 'admin'], response: z.array(AdminQueue) },
    () => queues.list(),
  );
  router.route(
    {
      method: 'GET',
      url: '/api/queues/:id',
      tag,
      summary: 'Get a queue',
      roles: ['supervisor', 'admin'],
      params: IdParams,
      response: AdminQueue,
      errors: [404],
    },
    async ({ params }) => (await queues.findById(params.id)) ?? Promise.reject(notFound('The queue')),
  );
  router.route(
    {
      method: 'POST',
      url: '/api/queues',
      tag,
      summary: 'Create a queue',
      description: 'Settings left out take their documented defaults.',
      roles: ['admin'],
      body: QueueInput,
      response: AdminQueue,
      status: 201,
      errors: [409],
    },
    ({ body }) =>
      db.transaction(async (tx) => {
        const id = randomUUID();
        await assertReferencesExist(tx, body, id);
        return new QueueRepository(tx).create({ id, ...body });
      }),
  );
  router.route(
    {
      method: 'PATCH',
      url: '/api/queues/:id',
      tag,
      summary: "Change a queue's settings",
      roles: ['admin'],
      params: IdParams,
      body: QueuePatch,
      response: AdminQueue,
      errors: [404, 409],
    },
    async ({ params, body }) => {
      const queue = await db.transaction(async (tx) => {
        await assertReferencesExist(tx, body, params.id);
        return (await new QueueRepository(tx).update(params.id, body)) ?? Promise.reject(notFound('The queue'));
      });
      await hooks.onQueueChanged?.(params.id);
      return queue;
    },
  );
  router.route(
    {
      method: 'DELETE',
      url: '/api/queues/:id',
      tag,
      summary: 'Delete a queue',
      description: 'A queue with call records, one another queue overflows to, or one phone numbers lead to, cannot be deleted (409).',
      roles: ['admin'],
      params: IdParams,
      response: null,
      errors: [404, 409],
    },
    async ({ params }) => {
      const members = await queues.memberIdsOf(params.id);
      if (!(await db.transaction((tx) => new QueueRepository(tx).delete(params.id)))) throw notFound('The queue');
      await hooks.onQueueChanged?.(params.id);
      for (const userId of members) await hooks.onAgentProfileChanged?.(userId);
    },
  );
}

/** Required skills and the overflow queue must exist; a queue cannot overflow to itself. */
async function assertReferencesExist(db: Queryable, settings: Partial<QueueSettings>, queueId: string): Promise<void> {
  const skills = new SkillRepository(db);
  for (const [i, { skillId }] of (settings.requiredSkills ?? []).entries()) {
    if (!(await skills.findById(skillId))) throw badRequest(`Invalid request: requiredSkills.${i}.skillId: no such skill`);
  }
  if (settings.overflow?.kind === 'queue') {
    if (settings.overflow.queueId === queueId) throw badRequest('Invalid request: overflow.queueId: a queue cannot overflow to itself');
    if (!(await new QueueRepository(db).findById(settings.overflow.queueId))) throw badRequest('Invalid request: overflow.queueId: no such queue');
  }
}
