import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { command, nextEvent, sleep, startTestServer, type ClientSocket, type TestServer } from './harness.ts';
import { runSippServer, type SippRun } from './sipp.ts';

/**
 * An outside number brought into a widget call through the demo trunk, with SIPp as the
 * number: consult it, conference, the agent leaves (the customer and the number go on),
 * the customer hangs up (the number gets our BYE); a blind transfer to a busy number
 * puts the customer back in the queue.
 */
let server: TestServer;
const open: ClientSocket[] = [];
const tokens = new Map<string, string>();

before(async () => {
  server = await startTestServer({
    SIP_ENABLED: 'true',
    SIP_PORT: '0',
    SIP_RTP_PORT_MIN: '35000',
    SIP_RTP_PORT_MAX: '35199',
    WRAP_UP_MS: '0',
  });
});
after(async () => {
  for (const s of open) s.disconnect();
  await server?.close();
});

async function tokenOf(username: string) {
  if (!tokens.has(username)) tokens.set(username, (await server.login(username)).body.token);
  return tokens.get(username)!;
}
async function agent(username: string) {
  const socket = await server.connect(await tokenOf(username));
  open.push(socket);
  assert.equal((await command(socket, 'agent:set-status', { status: 'available' })).ok, true);
  return socket;
}
async function carrierOn(port: number) {
  const admin = await tokenOf('adam');
  const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
  const trunks = (await (await fetch(`${server.url}/api/trunks`, { headers })).json()) as any;
  const trunk = (trunks.items ?? trunks).find((t: { name: string }) => t.name === 'local-test');
  const res = await fetch(`${server.url}/api/trunks/${trunk.id}`, { method: 'PATCH', headers, body: JSON.stringify({ outboundPort: port }) });
  assert.equal(res.status, 200);
}
/**
 * SIPp playing `scenario` behind the demo trunk, as the number the trunk dials; resolves
 * once it is ready to answer, with `finished` for when its scenario is done (wrapped, so
 * that awaiting this does not wait for that).
 */
async function farEnd(scenario: string, basePort: number): Promise<{ finished: Promise<SippRun> }> {
  const port = basePort + (process.pid % 100) * 4;
  await carrierOn(port);
  const finished = runSippServer(scenario, port);
  await sleep(300);
  return { finished };
}
async function connectedWidgetCall(alice: ClientSocket) {
  const { body } = await server.widgetSession('support');
  const customer = await server.connect(body.token);
  open.push(customer);
  assert.equal((await command(customer, 'customer:start-call', {})).ok, true);
  await nextEvent(alice, 'call:offered', (o) => o.callId === body.callId, 5000);
  assert.equal((await command(alice, 'call:answer', { callId: body.callId })).ok, true);
  return { customer, callId: body.callId as string };
}
async function events(callId: string) {
  await server.app.calls.recordsSettled();
  return (await new CallRecordRepository(server.db).events(callId)).map((e) => e.type);
}

test('consult a number, conference, the agent leaves: customer and number go on; the customer hangs up', async () => {
  const { finished: number } = await farEnd('outside-number-answers', 17500);
  const alice = await agent('alice');
  const { customer, callId } = await connectedWidgetCall(alice);

  const talking = nextEvent(alice, 'call:state-changed', (s) => s.external?.state === 'talking', 10_000);
  const consulted = await command(alice, 'call:consult', { callId, number: '4930555111' });
  assert.equal(consulted.ok, true, JSON.stringify(consulted));
  const status = await talking;
  assert.deepEqual(status.external, { number: '4930555111', purpose: 'consult', state: 'talking' });
  assert.equal(status.onHold, true, 'the customer waits on hold while the agent talks to the number');

  const conference = nextEvent(customer, 'call:state-changed', (s) => s.external?.state === 'conference', 5000);
  assert.equal((await command(alice, 'call:consult-finish', { callId, outcome: 'conference' })).ok, true);
  assert.equal((await conference).onHold, false);

  const aliceOff = nextEvent(alice, 'call:state-changed', (s) => s.callId === callId && s.state === 'ended', 5000);
  assert.equal((await command(alice, 'call:hangup', { callId })).ok, true);
  assert.equal((await aliceOff).endReason, 'transferred');
  assert.equal(server.app.calls.get(callId)?.state, 'connected', 'the customer and the number go on');
  assert.equal(server.app.calls.get(callId)?.agentId, null);

  assert.equal((await command(customer, 'call:hangup', { callId })).ok, true);
  const carrier = await number;
  assert.equal(carrier.code, 0, `the number got our BYE:\n${carrier.output.slice(-1500)}`);
  assert.deepEqual(await events(callId), [
    'queued', 'offered', 'answered', 'consult-requested', 'external-ringing', 'external-answered', 'conference',
    'consult-completed', 'ended',
  ]);
  await command(alice, 'agent:set-status', { status: 'away' });
});

test('blind transfer to a busy number: the customer is not dropped but queued again', async () => {
  const { finished: busy } = await farEnd('trunk-busy', 17700);
  const alice = await agent('alice');
  const { customer, callId } = await connectedWidgetCall(alice);

  const requeued = nextEvent(customer, 'call:state-changed', (s) => s.state === 'queued', 10_000);
  const offeredAgain = nextEvent(alice, 'call:offered', (o) => o.callId === callId, 15_000);
  assert.equal((await command(alice, 'call:transfer', { callId, to: { kind: 'number', number: '4930999888' } })).ok, true);
  const waiting = await requeued;
  assert.equal(waiting.onHold, true, 'the customer hears music while they wait again');
  assert.equal((await busy).code, 0);
  await offeredAgain;
  const log = await events(callId);
  assert.deepEqual(log.slice(0, 5), ['queued', 'offered', 'answered', 'transferred', 'external-failed']);
  assert.equal((await command(customer, 'call:hangup', { callId })).ok, true);
});

test('an outbound call transferred to a colleague: the number stays on, Bob answers, and his hang-up reaches it', async () => {
  const { finished: number } = await farEnd('outside-number-answers', 17900);
  const alice = await agent('alice');
  const bob = await agent('bob');
  const bobId = (await server.login('bob')).body.user.id as string;

  const connected = nextEvent(alice, 'call:state-changed', (s) => s.state === 'connected', 10_000);
  const dialled = await command(alice, 'call:dial', { number: '4930444333' });
  assert.equal(dialled.ok, true, JSON.stringify(dialled));
  const callId = dialled.data.callId as string;
  await connected;

  const aliceOff = nextEvent(alice, 'call:state-changed', (s) => s.callId === callId && s.state === 'ended', 5000);
  const bobOffered = nextEvent(bob, 'call:offered', (o) => o.callId === callId, 5000);
  const transferred = await command(alice, 'call:transfer', { callId, to: { kind: 'agent', userId: bobId } });
  assert.equal(transferred.ok, true, JSON.stringify(transferred));
  assert.equal((await aliceOff).endReason, 'transferred');
  const offer = await bobOffered;
  assert.equal(offer.callerLabel, '4930444333', 'Bob sees the number Alice dialled');
  assert.equal(server.app.calls.get(callId)?.onHold, true, 'the number hears music while Bob rings');
  const answered = await command(bob, 'call:answer', { callId });
  assert.equal(answered.ok, true, JSON.stringify(answered));
  const call = server.app.calls.get(callId);
  assert.deepEqual([call?.state, call?.agentId, call?.onHold, call?.direction], ['connected', bobId, false, 'outbound']);

  assert.equal((await command(bob, 'call:hangup', { callId })).ok, true);
  const carrier = await number;
  assert.equal(carrier.code, 0, `the number got Bob's BYE:\n${carrier.output.slice(-1500)}`);
  assert.deepEqual(await events(callId), ['dialled', 'remote-ringing', 'answered', 'transferred', 'offered', 'answered', 'ended']);
  const record = await new CallRecordRepository(server.db).find(callId);
  assert.deepEqual([record?.direction, record?.agentId, record?.endReason], ['outbound', bobId, 'agent-hangup']);
  for (const socket of [alice, bob]) await command(socket, 'agent:set-status', { status: 'away' });
});
