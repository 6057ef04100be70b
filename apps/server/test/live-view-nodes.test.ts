import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ClientSocket } from './harness.ts';
import { command, nextEvent } from './harness.ts';
import { connectSocket, postJson, startCluster } from './node-cluster.ts';

/**
 * The live view across two server processes on one Redis and one Postgres: a supervisor
 * connected to one node sees calls carried by the other, the snapshot gathers every
 * node's calls, and a forced state reaches an agent connected elsewhere.
 */
const enabled = Boolean(process.env.TEST_REDIS_URL && process.env.TEST_DATABASE_URL);

describe('the live view on two nodes', { skip: !enabled && 'needs TEST_REDIS_URL and TEST_DATABASE_URL' }, () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  const open: ClientSocket[] = [];
  const signIn = async (url: string, username: string) => {
    const token = (await postJson(`${url}/api/auth/login`, { username, password: 'demo' })).body.token;
    const socket = await connectSocket(url, token);
    open.push(socket);
    return socket;
  };

  before(async () => {
    cluster = await startCluster(2, { RING_TIMEOUT_MS: '20000', WRAP_UP_MS: '0' });
  });
  after(async () => {
    for (const s of open) s.disconnect();
    await cluster?.stop();
  });

  test("a supervisor on node B watches node A's call wait and be abandoned, and sets node A's agent available", async () => {
    const [a, b] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
    const alice = await signIn(a.url, 'alice');
    await command(alice, 'agent:set-status', { status: 'away' });
    const sara = await signIn(b.url, 'sara');
    assert.equal((await command(sara, 'live:watch', {})).ok, true);

    const waiting = nextEvent(sara, 'live:queues-updated', (u) => u.queues.some((q) => q.name === 'support' && q.waiting === 1), 10_000);
    const listed = nextEvent(sara, 'live:calls-updated', (u) => u.nodeId === a.id && u.calls.length === 1, 10_000);
    const session = (await postJson(`${a.url}/api/widget/sessions`, { queue: 'support' })).body;
    const customer = await connectSocket(a.url, session.token);
    open.push(customer);
    assert.equal((await command(customer, 'customer:start-call', {})).ok, true);
    await waiting;
    assert.equal((await listed).calls[0]!.callId, session.callId);

    // A snapshot taken on node B gathers node A's call.
    const adam = await signIn(b.url, 'adam');
    const snapshot = await command(adam, 'live:watch', {});
    assert.deepEqual(snapshot.data.calls.map((c: { callId: string; nodeId: string }) => [c.callId, c.nodeId]), [[session.callId, a.id]]);

    // Sara, on node B, sets Alice (on node A) available: Alice reads why, and is offered the call.
    const aliceId = snapshot.data.agents.find((x: { displayName: string }) => x.displayName === 'Alice Martin').userId;
    const told = nextEvent(alice, 'agent:state-changed', (s) => s.status === 'available', 10_000);
    const offered = nextEvent(alice, 'call:offered', () => true, 10_000);
    const forced = await command(sara, 'agent:force-status', { userId: aliceId, status: 'available', reason: 'Queue is building up' });
    assert.equal(forced.ok, true, JSON.stringify(forced));
    assert.equal((await told).reason, 'Set available by Sara Okafor: Queue is building up');
    await offered;

    const abandoned = nextEvent(sara, 'live:queues-updated', (u) => u.queues.some((q) => q.name === 'support' && q.today.abandoned === 1), 10_000);
    const removed = nextEvent(sara, 'live:calls-updated', (u) => u.removedCallIds.includes(session.callId), 10_000);
    await command(customer, 'call:hangup', { callId: session.callId });
    await abandoned;
    await removed;
  });
});
