import { PhoneNumber, PhoneNumberCreate, PhoneNumberDigits, PhoneNumberPatch } from '@cc/shared';
import { z } from 'zod';
import { badRequest, notFound } from '../errors.ts';
import type { Database, Queryable } from '../persistence/database.ts';
import { type PhoneNumberEntry, PhoneNumberRepository } from '../phone-numbers/phone-number-repository.ts';
import { QueueRepository } from '../queues/queue-repository.ts';
import { TrunkRepository } from '../trunks/trunk-repository.ts';
import type { ApiRouter } from './api-router.ts';

const admin = ['admin'] as const;
const tag = 'Telephony';

/**
 * `:number` in a path. A leading + may come literally or as %2B; both arrive decoded.
 * A malformed number is a 400, not a 404.
 */
const NumberParams = z.object({ number: PhoneNumberDigits });

const toPhoneNumber = (e: PhoneNumberEntry): PhoneNumber => ({ number: e.number, queueId: e.queueId, trunkId: e.trunkId, label: e.label });

/** /api/phone-numbers: the numbers (DIDs) callers dial and the queue each leads to. Admins only. */
export function registerPhoneNumberRoutes(
  router: ApiRouter,
  db: Database,
  hooks: { onTrunksChanged?: () => void | Promise<void> } = {},
): void {
  const numbers = new PhoneNumberRepository(db);
  router.route(
    { method: 'GET', url: '/api/phone-numbers', tag, summary: 'List phone numbers', roles: admin, response: z.array(PhoneNumber) },
    async () => (await numbers.list()).map(toPhoneNumber),
  );
  router.route(
    {
      method: 'POST',
      url: '/api/phone-numbers',
      tag,
      summary: 'Assign a phone number to a queue',
      description: 'The number is stored as given (digits, optional leading +); a number assigned already is a 409.',
      roles: admin,
      body: PhoneNumberCreate,
      response: PhoneNumber,
      status: 201,
      errors: [409],
    },
    async ({ body: { number, ...settings } }) => {
      const entry = await db.transaction(async (tx) => {
        await assertReferencesExist(tx, settings);
        return new PhoneNumberRepository(tx).create(number, settings);
      });
      await hooks.onTrunksChanged?.();
      return toPhoneNumber(entry);
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/api/phone-numbers/:number',
      tag,
      summary: 'Get a phone number',
      roles: admin,
      params: NumberParams,
      response: PhoneNumber,
      errors: [404],
    },
    async ({ params }) => {
      const entry = await numbers.findByNumber(params.number);
      if (!entry) throw notFound('The phone number');
      return toPhoneNumber(entry);
    },
  );
  router.route(
    {
      method: 'PATCH',
      url: '/api/phone-numbers/:number',
      tag,
      summary: "Change a phone number's queue, trunk or label",
      description: 'To change the number itself, delete it and create the new one.',
      roles: admin,
      params: NumberParams,
      body: PhoneNumberPatch,
      response: PhoneNumber,
      errors: [404],
    },
    async ({ params, body }) => {
      const entry = await db.transaction(async (tx) => {
        await assertReferencesExist(tx, body);
        return (await new PhoneNumberRepository(tx).update(params.number, body)) ?? Promise.reject(notFound('The phone number'));
      });
      await hooks.onTrunksChanged?.();
      return toPhoneNumber(entry);
    },
  );
  router.route(
    {
      method: 'DELETE',
      url: '/api/phone-numbers/:number',
      tag,
      summary: 'Release a phone number',
      roles: admin,
      params: NumberParams,
      response: null,
      errors: [404],
    },
    async ({ params }) => {
      if (!(await numbers.remove(params.number))) throw notFound('The phone number');
      await hooks.onTrunksChanged?.();
    },
  );
}

/** The queue and trunk must exist: a 400 naming the field, not a foreign-key 500. */
async function assertReferencesExist(db: Queryable, settings: { queueId?: string; trunkId?: string | null }): Promise<void> {
  if (settings.queueId !== undefined && !(await new QueueRepository(db).findById(settings.queueId))) {
    throw badRequest('Invalid request: queueId: no such queue');
  }
  if (settings.trunkId && !(await new TrunkRepository(db).findById(settings.trunkId))) {
    throw badRequest('Invalid request: trunkId: no such trunk');
  }
}
