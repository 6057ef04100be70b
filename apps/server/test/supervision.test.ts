import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { command, nextEvent, sleep, startTestServer, type ClientSocket, type TestServer } from './harness.ts';

/**
 * Supervisor actions over the real sockets: who may monitor which call, mode changes
 * without a new join, take over (the agent leaves, the supervisor keeps the customer and
 * may hang up), and the event log. The audio side is in supervisor-audibility.test.ts
 * and the console's end-to-end test.
 */
let server: TestServer;
const open: ClientSocket[] = [];

before(async () => {
  server = await startTestServer({ WRAP_UP_MS: '0' });
});
after(async () => {
  for (const s of open) s.disconnect();
  await server?.close();
});

async function signIn(username: string) {
  const { body } = await server.login(username);
  const socket = await server.connect(body.token);
  open.push(socket);
  return { socket, userId: body.user.id as string };
}

async function connectedCall() {
  const alice = await signIn('alice');
  assert.equal((await command(alice.socket, 'agent:set-status', { status: 'available' })).ok, true);
  const { body } = await server.widgetSession('support');
  const customer = await server.connect(body.token);
  open.push(customer);
  assert.equal((await command(customer, 'customer:start-call', {})).ok, true);
  await nextEvent(alice.socket, 'call:offered', (o) => o.callId === body.callId, 5000);
  assert.equal((await command(alice.socket, 'call:answer', { callId: body.callId })).ok, true);
  return { alice, customer, callId: body.callId as string };
}

test('supervisors monitor their team’s calls, switch modes, take over and hang up; agents may not', async () => {
  const { alice, customer, callId } = await connectedCall();
  const bob = await signIn('bob');
  const refused = await command(bob.socket, 'supervisor:monitor', { callId, mode: 'listen' });
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, 'forbidden');

  const sara = await signIn('sara');
  const invalid = await command(sara.socket, 'supervisor:monitor', { callId, mode: 'shout' });
  assert.equal(invalid.ok, false, 'an unknown mode is refused at the edge');

  const joined = await command(sara.socket, 'supervisor:monitor', { callId, mode: 'listen' });
  assert.equal(joined.ok, true, JSON.stringify(joined));
  assert.equal(joined.data.status.state, 'connected');
  assert.ok(Array.isArray(joined.data.producers) && joined.data.routerRtpCapabilities, 'the join info for the media');
  const transport = await command(sara.socket, 'media:create-transport', { callId, direction: 'recv' });
  assert.equal(transport.ok, true, 'a monitoring supervisor is a participant of the media');

  assert.equal((await command(sara.socket, 'supervisor:monitor', { callId, mode: 'whisper' })).ok, true);
  assert.equal((await command(sara.socket, 'supervisor:monitor', { callId, mode: 'barge' })).ok, true);
  assert.equal(server.app.calls.get(callId)?.monitors.get(sara.userId), 'barge');
  const notHers = await command(sara.socket, 'call:hold', { callId, held: true });
  assert.equal(notHers.ok, false, 'a supervisor who has not taken the call over may not hold it');
  assert.equal(notHers.error.code, 'forbidden');

  const aliceOff = nextEvent(alice.socket, 'call:state-changed', (s) => s.callId === callId && s.state === 'ended', 5000);
  const customerSees = nextEvent(customer, 'call:state-changed', (s) => s.agentName === 'Sara Okafor', 5000);
  assert.equal((await command(sara.socket, 'supervisor:take-over', { callId })).ok, true);
  assert.equal((await aliceOff).endReason, 'taken-over');
  await customerSees;
  assert.equal((await command(alice.socket, 'call:hangup', { callId })).ok, false, 'Alice is no longer on the call');
  await sleep(50);
  assert.equal((await server.app.acd.getAgent(alice.userId))?.status, 'available', 'Alice went through wrap-up (0 ms)');

  // The call is hers now: she holds and resumes it as an agent would.
  const customerHeld = nextEvent(customer, 'call:state-changed', (s) => s.onHold === true, 5000);
  assert.equal((await command(sara.socket, 'call:hold', { callId, held: true })).ok, true);
  await customerHeld;
  assert.equal((await command(sara.socket, 'call:hold', { callId, held: false })).ok, true);
  assert.equal(server.app.calls.get(callId)?.onHold, false);

  const customerEnd = nextEvent(customer, 'call:state-changed', (s) => s.state === 'ended', 5000);
  assert.equal((await command(sara.socket, 'call:hangup', { callId })).ok, true);
  assert.equal((await customerEnd).endReason, 'agent-hangup');
  await server.app.calls.recordsSettled();
  const events = (await new CallRecordRepository(server.db).events(callId)).map((e) => e.type);
  assert.deepEqual(events, ['queued', 'offered', 'answered', 'monitor-listen', 'monitor-whisper', 'monitor-barge', 'taken-over', 'hold', 'unhold', 'ended']);
});

test('an admin may monitor any call; leaving stops it and the call goes on', async () => {
  const { alice, callId } = await connectedCall();
  const adam = await signIn('adam');
  assert.equal((await command(adam.socket, 'supervisor:monitor', { callId, mode: 'listen' })).ok, true);
  assert.equal((await command(adam.socket, 'supervisor:leave', { callId })).ok, true);
  assert.equal((await command(adam.socket, 'media:create-transport', { callId, direction: 'recv' })).ok, false);
  assert.equal(server.app.calls.get(callId)?.state, 'connected');
  assert.equal((await command(alice.socket, 'call:hangup', { callId })).ok, true);
});

test('a supervisor whose connection closes stops monitoring; a call they took over ends; a held call is not taken over', async () => {
  // Only a user's last socket closing counts: the earlier tests' sockets go first.
  for (const s of open.splice(0)) s.disconnect();
  await sleep(100);
  const { alice, customer, callId } = await connectedCall();
  const listener = await signIn('sara');
  assert.equal((await command(listener.socket, 'supervisor:monitor', { callId, mode: 'listen' })).ok, true);
  listener.socket.disconnect();
  for (let i = 0; i < 50 && server.app.calls.get(callId)?.monitors.has(listener.userId); i++) await sleep(20);
  assert.equal(server.app.calls.get(callId)?.monitors.has(listener.userId), false, 'gone from the call');
  assert.equal(server.app.calls.get(callId)?.state, 'connected', 'the call goes on');

  const sara = await signIn('sara');
  assert.equal((await command(sara.socket, 'supervisor:monitor', { callId, mode: 'listen' })).ok, true);
  assert.equal((await command(alice.socket, 'call:hold', { callId, held: true })).ok, true);
  const held = await command(sara.socket, 'supervisor:take-over', { callId });
  assert.equal(held.ok, false);
  assert.equal(held.error.code, 'conflict', 'only the agent could resume the hold');
  assert.equal((await command(alice.socket, 'call:hold', { callId, held: false })).ok, true);
  assert.equal((await command(sara.socket, 'supervisor:take-over', { callId })).ok, true);

  const ended = nextEvent(customer, 'call:state-changed', (s) => s.state === 'ended', 5000);
  sara.socket.disconnect();
  assert.equal((await ended).endReason, 'agent-disconnected', 'nobody is left to end it');
});
