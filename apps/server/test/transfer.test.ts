import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { command, nextEvent, sleep, startTestServer, type ClientSocket, type TestServer } from './harness.ts';

/**
 * Blind transfer over the real sockets: the customer stays, the agent leaves to wrap-up,
 * the call is offered on (to one agent, or to a queue) and the log keeps the chain.
 */
let server: TestServer;
const open: ClientSocket[] = [];
const tokens = new Map<string, { token: string; userId: string }>();

before(async () => {
  server = await startTestServer({ WRAP_UP_MS: '0' });
});
after(async () => {
  for (const s of open) s.disconnect();
  await server?.close();
});

async function agent(username: string) {
  if (!tokens.has(username)) {
    const { body } = await server.login(username);
    tokens.set(username, { token: body.token, userId: body.user.id });
  }
  const { token, userId } = tokens.get(username)!;
  const socket = await server.connect(token);
  open.push(socket);
  assert.equal((await command(socket, 'agent:set-status', { status: 'available' })).ok, true);
  return { socket, userId };
}
async function customer(queue = 'support') {
  const { body } = await server.widgetSession(queue);
  const socket = await server.connect(body.token);
  open.push(socket);
  assert.equal((await command(socket, 'customer:start-call', {})).ok, true);
  return { socket, callId: body.callId as string };
}
async function answer(socket: ClientSocket, callId: string) {
  const result = await command(socket, 'call:answer', { callId });
  assert.equal(result.ok, true, JSON.stringify(result));
}
/** Agents leave between tests, so that each test's routing starts from nobody. */
async function signOff(...sockets: ClientSocket[]) {
  for (const socket of sockets) await command(socket, 'agent:set-status', { status: 'away' });
}
async function events(callId: string) {
  await server.app.calls.recordsSettled();
  return (await new CallRecordRepository(server.db).events(callId)).map((e) => ({ type: e.type, agentId: e.agentId }));
}

test('to an agent: they are offered it, answer, and the customer hears them; the first agent is freed', async () => {
  const alice = await agent('alice');
  const caller = await customer();
  await nextEvent(alice.socket, 'call:offered', (o) => o.callId === caller.callId, 5000);
  await answer(alice.socket, caller.callId);
  const bob = await agent('bob');

  const aliceOff = nextEvent(alice.socket, 'call:state-changed', (s) => s.callId === caller.callId && s.state === 'ended', 5000);
  const onHold = nextEvent(caller.socket, 'call:state-changed', (s) => s.onHold === true, 5000);
  const bobOffered = nextEvent(bob.socket, 'call:offered', (o) => o.callId === caller.callId, 5000);
  const transferred = await command(alice.socket, 'call:transfer', { callId: caller.callId, to: { kind: 'agent', userId: bob.userId } });
  assert.equal(transferred.ok, true, JSON.stringify(transferred));
  assert.equal((await aliceOff).endReason, 'transferred');
  assert.equal((await onHold).state, 'queued');
  await bobOffered;
  const connected = nextEvent(caller.socket, 'call:state-changed', (s) => s.state === 'connected', 5000);
  await answer(bob.socket, caller.callId);
  const status = await connected;
  assert.equal(status.agentName, 'Bob Chen');
  assert.equal(status.onHold, false);
  assert.equal(server.app.media.getRoom(caller.callId)?.onHold, false);
  assert.equal((await server.app.acd.getAgent(alice.userId))?.status, 'available');

  // Alice can no longer act on it; Bob can end it.
  assert.equal((await command(alice.socket, 'call:hangup', { callId: caller.callId })).ok, false);
  assert.equal((await command(bob.socket, 'call:hangup', { callId: caller.callId })).ok, true);
  await sleep(100);
  const log = await events(caller.callId);
  assert.deepEqual(
    log.map((e) => e.type),
    ['queued', 'offered', 'answered', 'transferred', 'offered', 'answered', 'ended'],
  );
  assert.deepEqual(
    log.filter((e) => e.type === 'answered').map((e) => e.agentId),
    [alice.userId, bob.userId],
  );
  const record = await new CallRecordRepository(server.db).find(caller.callId);
  assert.equal(record?.agentId, bob.userId, 'the record names the agent who finished it');
  alice.socket.disconnect();
  bob.socket.disconnect();
  caller.socket.disconnect();
});

test('to a queue: the call moves to sales and goes to whoever is free there', async () => {
  const alice = await agent('alice');
  const caller = await customer('support');
  await nextEvent(alice.socket, 'call:offered', (o) => o.callId === caller.callId, 5000);
  await answer(alice.socket, caller.callId);
  const { body } = await server.login('adam');
  const queues = await (await fetch(`${server.url}/api/queues`, { headers: { authorization: `Bearer ${body.token}` } })).json();
  const sales = ((queues as any).items ?? queues).find((q: { name: string }) => q.name === 'sales');
  const bob = await agent('bob');
  const bobOffered = nextEvent(bob.socket, 'call:offered', (o) => o.callId === caller.callId, 5000);
  const result = await command(alice.socket, 'call:transfer', { callId: caller.callId, to: { kind: 'queue', queueId: sales.id } });
  assert.equal(result.ok, true, JSON.stringify(result));
  const offer = await bobOffered;
  assert.equal(offer.queueName, 'sales');
  await answer(bob.socket, caller.callId);
  assert.equal((await command(caller.socket, 'call:hangup', { callId: caller.callId })).ok, true);
  await sleep(100);
  const record = await new CallRecordRepository(server.db).find(caller.callId);
  assert.equal(record?.queueId, sales.id);
  assert.equal(record?.endReason, 'customer-hangup');
  await signOff(alice.socket, bob.socket);
});

test('a transfer nobody can take is refused in words, and the call stays with its agent', async () => {
  const alice = await agent('alice');
  const caller = await customer();
  await nextEvent(alice.socket, 'call:offered', (o) => o.callId === caller.callId, 5000);
  await answer(alice.socket, caller.callId);
  const self = await command(alice.socket, 'call:transfer', { callId: caller.callId, to: { kind: 'agent', userId: alice.userId } });
  assert.equal(self.ok, false);
  assert.match(self.error.message, /already yours/);
  const { body } = await server.login('sara');
  const offline = await command(alice.socket, 'call:transfer', { callId: caller.callId, to: { kind: 'agent', userId: body.user.id } });
  assert.equal(offline.ok, false);
  assert.match(offline.error.message, /not signed in/);
  assert.equal(server.app.calls.get(caller.callId)?.state, 'connected');
  assert.equal(server.app.calls.get(caller.callId)?.agentId, alice.userId);
  assert.equal((await command(alice.socket, 'call:hangup', { callId: caller.callId })).ok, true);
  await signOff(alice.socket);
});

test('consult, conference, a colleague leaving, then consult and complete: the chain on record, both agents freed', async () => {
  const alice = await agent('alice');
  const caller = await customer();
  await nextEvent(alice.socket, 'call:offered', (o) => o.callId === caller.callId, 5000);
  await answer(alice.socket, caller.callId);
  const bob = await agent('bob');
  const request = async () => {
    const asked = nextEvent(bob.socket, 'call:consult-requested', (r) => r.callId === caller.callId, 5000);
    const held = nextEvent(caller.socket, 'call:state-changed', (s) => s.onHold === true, 5000);
    const consult = await command(alice.socket, 'call:consult', { callId: caller.callId, userId: bob.userId });
    assert.equal(consult.ok, true, JSON.stringify(consult));
    assert.equal((await asked).fromAgentName, 'Alice Martin');
    await held;
    const accepted = await command(bob.socket, 'call:consult-accept', { callId: caller.callId });
    assert.equal(accepted.ok, true, JSON.stringify(accepted));
    assert.equal(server.app.calls.get(caller.callId)?.consult?.state, 'talking');
  };

  await request();
  const conference = nextEvent(caller.socket, 'call:state-changed', (s) => s.consult?.state === 'conference', 5000);
  assert.equal((await command(alice.socket, 'call:consult-finish', { callId: caller.callId, outcome: 'conference' })).ok, true);
  assert.equal((await conference).onHold, false);
  assert.equal(server.app.media.getRoom(caller.callId)?.onHold, false);
  // Bob leaves the conference: the call goes on with Alice.
  assert.equal((await command(bob.socket, 'call:hangup', { callId: caller.callId })).ok, true);
  assert.equal(server.app.calls.get(caller.callId)?.state, 'connected');
  assert.equal(server.app.calls.get(caller.callId)?.agentId, alice.userId);
  await sleep(100);
  assert.equal((await server.app.acd.getAgent(bob.userId))?.status, 'available');

  await request();
  const aliceOff = nextEvent(alice.socket, 'call:state-changed', (s) => s.state === 'ended', 5000);
  assert.equal((await command(alice.socket, 'call:consult-finish', { callId: caller.callId, outcome: 'complete' })).ok, true);
  assert.equal((await aliceOff).endReason, 'transferred');
  assert.equal(server.app.calls.get(caller.callId)?.agentId, bob.userId);
  assert.equal(server.app.media.getRoom(caller.callId)?.onHold, false);
  // The call still has its node in the shared state: Bob's commands from any node reach it.
  assert.ok(await server.app.acd.nodeOfCall(caller.callId), 'the call still has its node');
  assert.equal((await command(caller.socket, 'call:hangup', { callId: caller.callId })).ok, true);
  await sleep(200);
  assert.equal((await server.app.acd.getAgent(alice.userId))?.status, 'available');
  assert.equal((await server.app.acd.getAgent(bob.userId))?.status, 'available');
  assert.deepEqual(
    (await events(caller.callId)).map((e) => e.type),
    [
      'queued', 'offered', 'answered',
      'consult-requested', 'consult-answered', 'conference', 'consult-left',
      'consult-requested', 'consult-answered', 'consult-completed',
      'ended',
    ],
  );
  // Bob's time on the call as the colleague is in his state history, under the call's id.
  await server.app.calls.recordsSettled();
  const { rows } = await server.db.query<{ call_id: string | null; status: string }>(
    `select call_id, status from agent_state_changes where user_id = $1 and status = 'on-call' order by at`,
    [bob.userId],
  );
  assert.ok(rows.length >= 2 && rows.slice(-2).every((r) => r.call_id === caller.callId), JSON.stringify(rows));
  await signOff(alice.socket, bob.socket);
});

test('a consult the colleague declines puts the customer back with the agent', async () => {
  const alice = await agent('alice');
  const caller = await customer();
  await nextEvent(alice.socket, 'call:offered', (o) => o.callId === caller.callId, 5000);
  await answer(alice.socket, caller.callId);
  const bob = await agent('bob');
  assert.equal((await command(alice.socket, 'call:consult', { callId: caller.callId, userId: bob.userId })).ok, true);
  assert.equal(server.app.media.getRoom(caller.callId)?.onHold, true);
  assert.equal((await command(bob.socket, 'call:consult-decline', { callId: caller.callId })).ok, true);
  assert.equal(server.app.media.getRoom(caller.callId)?.onHold, false);
  assert.equal(server.app.calls.get(caller.callId)?.consult, null);
  await sleep(100);
  assert.equal((await server.app.acd.getAgent(bob.userId))?.status, 'available');
  assert.equal((await command(alice.socket, 'call:hangup', { callId: caller.callId })).ok, true);
  await signOff(alice.socket, bob.socket);
});

test('consulting a queue asks its longest-idle available agent; with nobody free it is refused in words', async () => {
  const alice = await agent('alice');
  const caller = await customer();
  await nextEvent(alice.socket, 'call:offered', (o) => o.callId === caller.callId, 5000);
  await answer(alice.socket, caller.callId);
  const targets = await command(alice.socket, 'directory:transfer-targets', {});
  const sales = targets.data.queues.find((q: { name: string }) => q.name === 'sales');

  const nobody = await command(alice.socket, 'call:consult', { callId: caller.callId, queueId: sales.id });
  assert.equal(nobody.ok, false);
  assert.match(nobody.error.message, /nobody in .* is available/i);
  assert.equal(server.app.media.getRoom(caller.callId)?.onHold, false, 'a refused consult leaves the customer as they were');

  const twoTargets = await command(alice.socket, 'call:consult', { callId: caller.callId, queueId: sales.id, number: '5551234' });
  assert.equal(twoTargets.ok, false, 'one target at a time');

  const bob = await agent('bob');
  const asked = nextEvent(bob.socket, 'call:consult-requested', (r) => r.callId === caller.callId, 5000);
  assert.equal((await command(alice.socket, 'call:consult', { callId: caller.callId, queueId: sales.id })).ok, true);
  await asked;
  assert.equal(server.app.calls.get(caller.callId)?.consult?.agentId, bob.userId);
  assert.equal((await command(alice.socket, 'call:consult-finish', { callId: caller.callId, outcome: 'cancel' })).ok, true);
  assert.equal((await command(alice.socket, 'call:hangup', { callId: caller.callId })).ok, true);
  await signOff(alice.socket, bob.socket);
});
