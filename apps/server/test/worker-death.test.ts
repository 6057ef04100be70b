import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import * as mediasoup from 'mediasoup';
import { pino } from 'pino';
import { WorkerPool } from '../src/media/worker-pool.ts';
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

test('a pool whose port is taken fails to start in words and leaves no worker running', async () => {
  const basePort = 23_800 + (process.pid % 50) * 2;
  const squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen(basePort + 1, '127.0.0.1', resolve));
  const pids: number[] = [];
  const onWorker = (w: mediasoup.types.Worker) => void pids.push(w.pid);
  mediasoup.observer.on('newworker', onWorker);
  try {
    const pool = new WorkerPool({ workers: 2, listenIp: '127.0.0.1', announcedIp: undefined, basePort }, pino({ level: 'silent' }));
    await assert.rejects(pool.start(), new RegExp(`mediasoup worker 1 cannot listen on 127.0.0.1:${basePort + 1}`));
    assert.equal(pids.length, 2, 'both workers were started');
    // A worker left behind would keep the process (and a test run) alive.
    for (let i = 0; i < 50 && pids.some(isAlive); i++) await sleep(100);
    assert.deepEqual(pids.filter(isAlive), []);
  } finally {
    mediasoup.observer.off('newworker', onWorker);
    squatter.close();
  }
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
