import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentStateRepository } from '../src/acd/agent-state-repository.ts';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { UserRepository } from '../src/users/user-repository.ts';
import { command, nextEvent, startTestServer } from './harness.ts';

test('shutting down ends every call as server-shutdown and signs agents out, on the record', async () => {
  const server = await startTestServer();
  const alice = await server.connect((await server.login('alice')).body.token);
  await command(alice, 'agent:set-status', { status: 'available' });
  const session = await server.widgetSession('support');
  const customer = await server.connect(session.body.token);
  const offered = nextEvent(alice, 'call:offered');
  await command(customer, 'customer:start-call', {});
  await offered;
  await command(alice, 'call:answer', { callId: session.body.callId });
  const waiting = await server.connect((await server.widgetSession('sales')).body.token);
  const waitingCall = await command(waiting, 'customer:start-call', {});

  const ended = nextEvent(customer, 'call:state-changed', (s) => s.state === 'ended');
  await server.app.close();
  assert.equal((await ended).endReason, 'server-shutdown');
  const records = new CallRecordRepository(server.db);
  assert.equal((await records.find(session.body.callId))?.endReason, 'server-shutdown');
  assert.equal((await records.find(waitingCall.data.callId))?.endReason, 'server-shutdown');
  const aliceId = (await new UserRepository(server.db).findByUsername('alice'))!.id;
  const history = await new AgentStateRepository(server.db).history(aliceId);
  assert.deepEqual(
    history.map((h) => h.status),
    ['available', 'ringing', 'on-call', 'wrap-up', 'offline'],
  );
  for (const s of [alice, customer, waiting]) s.disconnect();
  await server.db.close();
});
