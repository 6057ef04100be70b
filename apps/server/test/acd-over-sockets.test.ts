import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { command, nextEvent, startTestServer, type ClientSocket, type TestServer } from './harness.ts';

/**
 * The ACD's rules end to end through the real app: settings changed over the REST API
 * reach routing, customers hear their position and wait estimate, overflow moves or
 * ends calls on the record.
 */
let server: TestServer;
let adminToken: string;
const queueIds = new Map<string, string>();
const open: ClientSocket[] = [];

before(async () => {
  server = await startTestServer({ WRAP_UP_MS: '0' });
  adminToken = (await server.login('adam')).body.token;
  const queues = await api('GET', '/api/queues');
  for (const q of queues.body.items ?? queues.body) queueIds.set(q.name, q.id);
});
after(async () => {
  for (const s of open) s.disconnect();
  await server.close();
});

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as any) };
}
async function agentSocket(username: string) {
  const socket = await server.connect((await server.login(username)).body.token);
  open.push(socket);
  return socket;
}
async function startCustomer(queue: string) {
  const { body } = await server.widgetSession(queue);
  const socket = await server.connect(body.token);
  open.push(socket);
  const started = await command(socket, 'customer:start-call', {});
  assert.equal(started.ok, true, JSON.stringify(started));
  return { socket, callId: body.callId as string, status: started.data.status };
}
const events = async (callId: string) => {
  await server.app.calls.recordsSettled();
  return (await new CallRecordRepository(server.db).events(callId)).map((e) => e.type);
};

test('a waiting customer hears their position and an estimated wait from the staffed agents', async () => {
  const bob = await agentSocket('bob');
  await command(bob, 'agent:set-status', { status: 'available' });
  const first = await startCustomer('sales');
  await nextEvent(bob, 'call:offered', (o) => o.callId === first.callId);
  assert.equal((await command(bob, 'call:answer', { callId: first.callId })).ok, true);

  // Bob is staffed and busy; no handle time yet, so the default 180 s per call.
  const second = await startCustomer('sales');
  assert.equal(second.status.position, 1);
  assert.equal(second.status.estimatedWaitSeconds, 180);

  await command(second.socket, 'call:hangup', { callId: second.callId });
  await command(bob, 'call:hangup', { callId: first.callId });
  await command(bob, 'agent:set-status', { status: 'away' });
});

test('with nobody staffed the estimate is unknown, not made up', async () => {
  const lone = await startCustomer('support');
  assert.equal(lone.status.position, 1);
  assert.equal(lone.status.estimatedWaitSeconds, null);
  await command(lone.socket, 'call:hangup', { callId: lone.callId });
});

test('a full queue overflows to the queue the admin set; one with overflow "end" ends the call as queue-full', async () => {
  const patched = await api('PATCH', `/api/queues/${queueIds.get('support')}`, {
    maxWaitingCalls: 1,
    overflow: { kind: 'queue', queueId: queueIds.get('sales') },
  });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  assert.equal((await api('PATCH', `/api/queues/${queueIds.get('sales')}`, { maxWaitingCalls: 1 })).status, 200);

  const waiting = await startCustomer('support');
  const moved = await startCustomer('support');
  assert.equal(moved.status.queueName, 'sales', 'the second caller moved to sales');
  const ended = await startCustomer('support');
  assert.equal(ended.status.state, 'ended');
  assert.equal(ended.status.endReason, 'queue-full');

  assert.deepEqual(await events(moved.callId), ['queued', 'overflowed']);
  assert.deepEqual(await events(ended.callId), ['queued', 'overflowed', 'overflowed', 'ended']);
  const record = await new CallRecordRepository(server.db).find(moved.callId);
  assert.equal(record?.queueId, queueIds.get('sales'), 'the record counts the call where it went');

  for (const c of [waiting, moved]) await command(c.socket, 'call:hangup', { callId: c.callId });
  await api('PATCH', `/api/queues/${queueIds.get('support')}`, { maxWaitingCalls: null, overflow: { kind: 'end' } });
  await api('PATCH', `/api/queues/${queueIds.get('sales')}`, { maxWaitingCalls: null });
});

test('an admin taking an agent out of a queue stops its calls reaching them at once', async () => {
  const alice = await agentSocket('alice');
  await command(alice, 'agent:set-status', { status: 'available' });
  const aliceId = (await server.login('alice')).body.user.id;
  const changed = await api('PUT', `/api/users/${aliceId}/memberships`, [{ queueId: queueIds.get('sales'), tier: 1 }]);
  assert.equal(changed.status, 200, JSON.stringify(changed.body));

  let offered = false;
  alice.on('call:offered', () => void (offered = true));
  const caller = await startCustomer('support');
  await server.app.acd.settled();
  assert.equal(offered, false, 'not offered a support call');
  assert.equal(caller.status.state, 'queued');
  // Back in support: the waiting call reaches her.
  const offer = nextEvent(alice, 'call:offered', (o) => o.callId === caller.callId);
  await api('PUT', `/api/users/${aliceId}/memberships`, [{ queueId: queueIds.get('support'), tier: 1 }]);
  assert.equal((await offer).queueName, 'support');
  await command(caller.socket, 'call:hangup', { callId: caller.callId });
});
