import { randomUUID } from 'node:crypto';
import { SipTrunk, SipTrunkCreate, SipTrunkPatch, TrunkRegistrationStatus, trunkSettingsProblems } from '@cc/shared';
import { z } from 'zod';
import { badRequest, notFound } from '../errors.ts';
import type { Database } from '../persistence/database.ts';
import { type TrunkConfig, TrunkRepository } from '../trunks/trunk-repository.ts';
import type { ApiRouter } from './api-router.ts';
import { IdParams } from './id-params.ts';

const admin = ['admin'] as const;
const tag = 'Telephony';

export interface TrunkRouteHooks {
  /** After a committed change to a trunk or its deletion, so the gateway reloads. */
  onTrunksChanged?: () => void | Promise<void>;
  /** The gateway's view of a trunk's registration; absent, a default by mode is answered. */
  trunkStatus?: (trunkId: string) => TrunkRegistrationStatus | Promise<TrunkRegistrationStatus>;
}

/** The wire shape: everything but the password, which only says whether there is one. */
const toSipTrunk = ({ password, ...trunk }: TrunkConfig): SipTrunk => ({ ...trunk, hasPassword: password !== null });

/** Without a gateway to ask, an ip trunk has nothing to register and a register trunk has not. */
const statusWithoutGateway = (trunk: TrunkConfig): TrunkRegistrationStatus => ({
  trunkId: trunk.id,
  state: trunk.mode === 'ip' ? 'not-applicable' : 'unregistered',
  lastError: null,
  expiresAt: null,
  lastRegisteredAt: null,
});

/** /api/trunks: the SIP trunks of the PSTN gateway. Admins only; supervisors may read a registration status. */
export function registerTrunkRoutes(router: ApiRouter, db: Database, hooks: TrunkRouteHooks = {}): void {
  const trunks = new TrunkRepository(db);
  const find = async (id: string) => (await trunks.findById(id)) ?? Promise.reject(notFound('The trunk'));

  router.route(
    { method: 'GET', url: '/api/trunks', tag, summary: 'List SIP trunks', roles: admin, response: z.array(SipTrunk) },
    async () => (await trunks.list()).map(toSipTrunk),
  );
  router.route(
    {
      method: 'POST',
      url: '/api/trunks',
      tag,
      summary: 'Create a SIP trunk',
      description:
        'An ip trunk needs at least one allowed source; a register trunk needs outboundHost, username and password. ' +
        'The password is write-only: answers say only hasPassword.',
      roles: admin,
      body: SipTrunkCreate,
      response: SipTrunk,
      status: 201,
      errors: [409],
    },
    async ({ body }) => {
      const trunk = await trunks.create({ id: randomUUID(), ...body });
      await hooks.onTrunksChanged?.();
      return toSipTrunk(trunk);
    },
  );
  router.route(
    { method: 'GET', url: '/api/trunks/:id', tag, summary: 'Get a SIP trunk', roles: admin, params: IdParams, response: SipTrunk, errors: [404] },
    async ({ params }) => toSipTrunk(await find(params.id)),
  );
  router.route(
    {
      method: 'PATCH',
      url: '/api/trunks/:id',
      tag,
      summary: 'Change a SIP trunk',
      description: 'Absent fields stay as they are; password null removes it. The trunk as changed must still be valid.',
      roles: admin,
      params: IdParams,
      body: SipTrunkPatch,
      response: SipTrunk,
      errors: [404, 409],
    },
    async ({ params, body }) => {
      const trunk = await db.transaction(async (tx) => {
        const repository = new TrunkRepository(tx);
        const before = await repository.findById(params.id);
        if (!before) throw notFound('The trunk');
        assertValidAfterChange({ ...before, ...definedFields(body) });
        return (await repository.update(params.id, body)) ?? Promise.reject(notFound('The trunk'));
      });
      await hooks.onTrunksChanged?.();
      return toSipTrunk(trunk);
    },
  );
  router.route(
    {
      method: 'DELETE',
      url: '/api/trunks/:id',
      tag,
      summary: 'Delete a SIP trunk',
      description: 'Its phone numbers stay, tied to no trunk.',
      roles: admin,
      params: IdParams,
      response: null,
      errors: [404],
    },
    async ({ params }) => {
      if (!(await trunks.remove(params.id))) throw notFound('The trunk');
      await hooks.onTrunksChanged?.();
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/api/trunks/:id/status',
      tag,
      summary: "A SIP trunk's registration",
      description: 'not-applicable for ip trunks.',
      roles: ['supervisor', 'admin'],
      params: IdParams,
      response: TrunkRegistrationStatus,
      errors: [404],
    },
    async ({ params }) => {
      const trunk = await find(params.id);
      return hooks.trunkStatus ? hooks.trunkStatus(trunk.id) : statusWithoutGateway(trunk);
    },
  );
}

/** The PATCH body without the fields it leaves out, ready to lay over the stored trunk. */
function definedFields<T extends Record<string, unknown>>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The cross-field rules of SipTrunkCreate, applied to the trunk as the PATCH would leave it. */
function assertValidAfterChange(trunk: TrunkConfig): void {
  const problems = trunkSettingsProblems({ ...trunk, hasPassword: trunk.password !== null });
  if (problems.length > 0) {
    throw badRequest(`Invalid request: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  }
}
