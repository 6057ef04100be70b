import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { io } from 'socket.io-client';
import { command, nextEvent, sleep, startTestServer, type ClientSocket, type TestServer } from './harness.ts';

let server: TestServer;
const open: ClientSocket[] = [];
const socketsOf = new Map<string, ClientSocket[]>();
before(async () => {
  server = await startTestServer();
});
after(async () => {
  for (const s of open) s.disconnect();
  await server.close();
});

async function agentSocket(username: string) {
  const { body } = await server.login(username);
  const socket = await server.connect(body.token);
  open.push(socket);
  socketsOf.set(username, [...(socketsOf.get(username) ?? []), socket]);
  return socket;
}
async function customerSocket(queue = 'support') {
  const { body } = await server.widgetSession(queue);
  const socket = await server.connect(body.token);
  open.push(socket);
  return { socket, callId: body.callId as string };
}

test('a customer call is offered to the available agent, answered, and hung up with a complete record', async () => {
  const alice = await agentSocket('alice');
  const ready = await command(alice, 'agent:set-status', { status: 'available' });
  assert.equal(ready.ok, true);
  assert.equal(ready.data.status, 'available');

  const { socket: customer, callId } = await customerSocket();
  const offered = nextEvent(alice, 'call:offered', (o) => o.callId === callId);
  const started = await command(customer, 'customer:start-call', {});
  assert.equal(started.ok, true, JSON.stringify(started));
  assert.equal(started.data.callId, callId);
  assert.ok(Array.isArray(started.data.routerRtpCapabilities.codecs));
  const offer = await offered;
  assert.equal(offer.queueName, 'support');

  const connected = nextEvent(customer, 'call:state-changed', (s) => s.state === 'connected');
  const answered = await command(alice, 'call:answer', { callId });
  assert.equal(answered.ok, true, JSON.stringify(answered));
  assert.equal((await connected).agentName, 'Alice Martin');

  // The agent's media commands work for their call; a transport comes back with ICE candidates.
  const transport = await command(alice, 'media:create-transport', { callId, direction: 'recv' });
  assert.equal(transport.ok, true, JSON.stringify(transport));
  assert.ok(transport.data.iceCandidates.length >= 1);

  const ended = nextEvent(alice, 'call:state-changed', (s) => s.state === 'ended');
  const wrapUp = nextEvent(alice, 'agent:state-changed', (a) => a.status === 'wrap-up');
  assert.equal((await command(customer, 'call:hangup', { callId })).ok, true);
  assert.equal((await ended).endReason, 'customer-hangup');
  assert.ok((await wrapUp).wrapUpEndsAt);

  await server.app.calls.recordsSettled();
  const record = await new CallRecordRepository(server.db).find(callId);
  assert.equal(record?.state, 'ended');
  assert.equal(record?.endReason, 'customer-hangup');
  assert.ok(record?.answeredAt && record.endedAt && record.answeredAt <= record.endedAt);
  const events = await new CallRecordRepository(server.db).events(callId);
  assert.deepEqual(
    events.map((e) => e.type),
    ['queued', 'offered', 'answered', 'ended'],
  );
  assert.equal((await command(alice, 'agent:ready', {})).data.status, 'available');
});

test('a customer who hangs up while waiting is recorded as abandoned', async () => {
  const { socket: customer, callId } = await customerSocket('sales');
  const started = await command(customer, 'customer:start-call', {});
  assert.equal(started.data.status.position, 1);
  await command(customer, 'call:hangup', { callId });
  await server.app.calls.recordsSettled();
  const record = await new CallRecordRepository(server.db).find(callId);
  assert.equal(record?.endReason, 'abandoned');
  assert.equal(record?.answeredAt, null);
});

test('a malformed command gets an error acknowledgement and the server keeps serving', async () => {
  const bob = await agentSocket('bob');
  const bad = await command(bob, 'agent:set-status', { status: 'on-call' });
  assert.deepEqual(bad.ok, false);
  assert.equal(bad.error.code, 'bad-request');
  const garbage = await command(bob, 'media:produce', 'not an object');
  assert.equal(garbage.error.code, 'bad-request');
  const huge = await command(bob, 'call:answer', { callId: 'x'.repeat(10_000) });
  assert.equal(huge.error.code, 'bad-request');
  // A command with no acknowledgement callback, and an unknown event, are dropped.
  (bob.emit as Function)('agent:set-status', { status: 'available' });
  (bob.emit as Function)('no:such-command', {});
  await sleep(100);
  const ok = await command(bob, 'agent:set-status', { status: 'away' });
  assert.equal(ok.ok, true);
});

test('roles are enforced: a customer cannot use agent commands, an agent cannot start customer calls', async () => {
  const { socket: customer } = await customerSocket();
  const asAgent = await command(customer, 'agent:set-status', { status: 'available' });
  assert.equal(asAgent.error.code, 'forbidden');
  const bob = await agentSocket('bob');
  const asCustomer = await command(bob, 'customer:start-call', {});
  assert.equal(asCustomer.error.code, 'forbidden');
});

test("a customer cannot touch another call's media, and an agent cannot answer a call not offered to them", async () => {
  const first = await customerSocket('sales');
  const second = await customerSocket('sales');
  await command(first.socket, 'customer:start-call', {});
  await command(second.socket, 'customer:start-call', {});
  const intrude = await command(second.socket, 'media:create-transport', { callId: first.callId, direction: 'recv' });
  assert.equal(intrude.error.code, 'forbidden');
  const bob = await agentSocket('bob');
  const steal = await command(bob, 'call:answer', { callId: first.callId });
  assert.equal(steal.error.code, 'conflict');
  await command(first.socket, 'call:hangup', { callId: first.callId });
  await command(second.socket, 'call:hangup', { callId: second.callId });
});

test('a socket without a valid token is refused at the handshake', async () => {
  await assert.rejects(server.connect('not-a-token'), /unauthorized/);
  const { body } = await server.login('alice');
  const tampered = body.token.slice(0, -2) + (body.token.endsWith('A') ? 'BB' : 'AA');
  await assert.rejects(server.connect(tampered), /unauthorized/);
});

test('wrong passwords are refused in words, and guessing is rate-limited', async () => {
  const wrong = await server.login('sara', 'nope');
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error.code, 'unauthorized');
  let last = wrong;
  for (let i = 0; i < 12; i++) last = await server.login('sara', 'nope');
  assert.equal(last.status, 429);
});

test('a customer whose connection drops and does not come back is recorded as abandoned', async () => {
  const { socket: customer, callId } = await customerSocket('sales');
  await command(customer, 'customer:start-call', {});
  customer.io.engine.close(); // a network drop, not a deliberate disconnect
  await sleep(700); // grace in the harness is 300 ms
  await server.app.calls.recordsSettled();
  const record = await new CallRecordRepository(server.db).find(callId);
  assert.equal(record?.endReason, 'abandoned');
});

test('an agent whose connection drops mid-call ends the call as agent-disconnected and goes offline', async () => {
  // Alice (from the first test) steps away so that the call rings for Bob.
  await command(await agentSocket('alice'), 'agent:set-status', { status: 'away' });
  const bob = await agentSocket('bob');
  await command(bob, 'agent:set-status', { status: 'available' });
  const { socket: customer, callId } = await customerSocket('sales');
  const offered = nextEvent(bob, 'call:offered', (o) => o.callId === callId);
  await command(customer, 'customer:start-call', {});
  await offered;
  assert.equal((await command(bob, 'call:answer', { callId })).ok, true);
  const ended = nextEvent(customer, 'call:state-changed', (s) => s.state === 'ended');
  // Every one of Bob's connections drops (earlier tests left some open).
  for (const s of socketsOf.get('bob')!) s.io.engine.close();
  assert.equal((await ended).endReason, 'agent-disconnected');
  await server.app.acd.settled();
  assert.equal((await server.app.acd.getAgent((await server.login('bob')).body.user.id))?.status, 'offline');
});

test('a command sent the moment the socket connects waits for the session to start', async () => {
  // A slow database widens the window between connecting and the agent's sign-in.
  const slow = await startTestServer({}, { queryDelayMs: 40 });
  try {
    const { body } = await slow.login('alice');
    // Emitted before the connection is up: socket.io sends it first thing on connect.
    const socket: ClientSocket = io(slow.url, { auth: { token: body.token }, transports: ['websocket'], reconnection: false });
    const ack = await command(socket, 'agent:set-status', { status: 'available' });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    assert.equal(ack.data.status, 'available');
    socket.disconnect();
  } finally {
    await slow.close();
  }
});
