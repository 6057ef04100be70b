import assert from 'node:assert/strict';
import type { DatabaseBackend } from './database-backends.ts';
import { type RestApi, openRestApi } from './rest-api-fixture.ts';

/** The call-history tests' clock: times are seconds from T0 = 2026-03-02 09:00:00 UTC. */
export const T0 = Date.parse('2026-03-02T09:00:00.000Z');
export const at = (seconds: number) => new Date(T0 + seconds * 1000);

export interface CallHistoryCast {
  api: RestApi;
  /** Every queue by name, every person by username, and teamB. */
  ids: Record<string, string>;
  /** A token for each person (adam, alice, bob, sara, sam, carol). */
  token: Record<string, string>;
}

/**
 * The REST API with the people of the call-history tests (search, reports): Team A
 * (alice, bob; supervised by sara) from the seed, and Team B (carol; supervised by sam)
 * made here, with carol a member of `carolQueue`. `newQueues` are made first, so carol
 * can be put in one of them.
 */
export async function openCallHistoryCast(
  backend: DatabaseBackend,
  options: { carolQueue: string; newQueues?: ReadonlyArray<{ name: string; displayName: string }> },
): Promise<CallHistoryCast> {
  const api = await openRestApi(backend);
  const ids: Record<string, string> = {};
  const token: Record<string, string> = { adam: await api.tokenOf('adam') };
  const post = async (url: string, body: unknown) => {
    const res = await api.request('POST', url, token.adam, body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  for (const queue of options.newQueues ?? []) await post('/api/queues', queue);
  for (const queue of (await api.request('GET', '/api/queues', token.adam)).body) ids[queue.name] = queue.id;
  ids.sam = (await post('/api/users', { username: 'sam', displayName: 'Sam Supervisor', role: 'supervisor', password: 'sam-password' })).id;
  ids.teamB = (await post('/api/teams', { name: 'Team B', supervisorIds: [ids.sam] })).id;
  ids.carol = (await post('/api/users', {
    username: 'carol',
    displayName: 'Carol Diaz',
    role: 'agent',
    password: 'carol-password',
    teamId: ids.teamB,
    memberships: [{ queueId: ids[options.carolQueue], tier: 1 }],
  })).id;
  for (const who of ['alice', 'bob', 'sara']) ids[who] = await api.idOf(who);
  for (const who of ['alice', 'bob', 'sara', 'sam', 'carol']) token[who] = await api.tokenOf(who);
  return { api, ids, token };
}
