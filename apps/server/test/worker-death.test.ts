import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { command, nextEvent, sleep, startTestServer, type ClientSocket, type TestServer } from './harness.ts';

let server: TestServer;
const sockets: ClientSocket[] = [];
before(async () => {
  server = await startTestServer();
});
after(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

test('a call whose mediasoup worker dies ends cleanly as a media failure, and the worker comes back', async () => {
  const { body } = await server.widgetSession('support');
  const customer = await server.connect(body.token);
  sockets.push(customer);
  assert.equal((await command(customer, 'customer:start-call', {})).ok, true);
  const pidBefore = server.app.pool.describe()[0]?.pid;

  const ended = nextEvent(customer, 'call:state-changed', (s) => s.state === 'ended');
  server.app.pool.killWorkerForTesting(0);
  assert.equal((await ended).endReason, 'media-failure');
  await server.app.calls.recordsSettled();
  const record = await new CallRecordRepository(server.db).find(body.callId);
  assert.equal(record?.endReason, 'media-failure');

  // The pool replaces the worker; new calls get media again.
  for (let i = 0; i < 50 && !server.app.pool.describe()[0]?.pid; i++) await sleep(100);
  const pidAfter = server.app.pool.describe()[0]?.pid;
  assert.ok(pidAfter && pidAfter !== pidBefore, `worker restarted (${pidBefore} → ${pidAfter})`);
  const next = await server.widgetSession('support');
  const again = await server.connect(next.body.token);
  sockets.push(again);
  const started = await command(again, 'customer:start-call', {});
  assert.equal(started.ok, true, JSON.stringify(started));
});
