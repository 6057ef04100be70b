import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LiveQueue, LiveQueuesUpdate } from '@cc/shared';
import { AgentStateRepository } from '../src/acd/agent-state-repository.ts';
import { command, nextEvent, startTestServer, type ClientSocket, type TestServer } from './harness.ts';

/**
 * The live view over real sockets: a supervisor and an admin watch while customers
 * call, agents answer and callers give up; pushes arrive without asking, each watcher
 * sees their own scope, and agents can neither watch nor command.
 */
let server: TestServer;
let adminToken: string;
const open: ClientSocket[] = [];
let sara: ClientSocket;
let adam: ClientSocket;
let carolId: string;

before(async () => {
  server = await startTestServer({ WRAP_UP_MS: '0' });
  adminToken = (await server.login('adam')).body.token;
  // Carol takes support calls but is in no team: Sara does not supervise her.
  const queues = (await api('GET', '/api/queues')).body;
  const support = (queues.items ?? queues).find((q: { name: string }) => q.name === 'support');
  const carol = await api('POST', '/api/users', {
    username: 'carol',
    displayName: 'Carol Diaz',
    role: 'agent',
    password: 'carol-password',
    memberships: [{ queueId: support.id, tier: 1 }],
  });
  assert.equal(carol.status, 201, JSON.stringify(carol.body));
  carolId = carol.body.id;
  sara = await signIn('sara');
  adam = await signIn('adam');
});
after(async () => {
  for (const s of open) s.disconnect();
  await server?.close();
});

async function api(method: string, path: string, body?: unknown, token = adminToken) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as any) };
}
async function signIn(username: string, password = 'demo') {
  const login = await server.login(username, password);
  assert.equal(login.status, 200);
  const socket = await server.connect(login.body.token);
  open.push(socket);
  return socket;
}
async function startCustomer(queue: string) {
  const { body } = await server.widgetSession(queue);
  const socket = await server.connect(body.token);
  open.push(socket);
  const started = await command(socket, 'customer:start-call', {});
  assert.equal(started.ok, true, JSON.stringify(started));
  return { socket, callId: body.callId as string };
}
const supportOf = (update: Pick<LiveQueuesUpdate, 'queues'>): LiveQueue => update.queues.find((q) => q.name === 'support')!;
const queuesWhere = (socket: ClientSocket, match: (support: LiveQueue) => boolean) =>
  nextEvent(socket, 'live:queues-updated', (u) => match(supportOf(u)));

test('agents can neither watch the live view nor command other agents, over the socket or the API', async () => {
  const alice = await signIn('alice');
  const watched = await command(alice, 'live:watch', {});
  assert.equal(watched.ok, false);
  assert.equal(watched.error.code, 'forbidden');
  assert.match(watched.error.message, /may not use live:watch/);
  const forced = await command(alice, 'agent:force-status', { userId: carolId, status: 'away', reason: 'x' });
  assert.equal(forced.error.code, 'forbidden');
  const aliceToken = (await server.login('alice')).body.token;
  assert.equal((await api('GET', '/api/live', undefined, aliceToken)).status, 403);
  alice.disconnect();
});

test('a watcher starts from a snapshot: every queue, today so far, only the agents they may see', async () => {
  const carol = await signIn('carol', 'carol-password');
  const bob = await signIn('bob');
  const saraView = await command(sara, 'live:watch', {});
  assert.equal(saraView.ok, true, JSON.stringify(saraView));
  const adamView = await command(adam, 'live:watch', {});
  const names = (view: any) => view.data.agents.map((a: { displayName: string }) => a.displayName).sort();
  // Alice signed in in the test before: the ACD keeps her, offline.
  assert.deepEqual(names(saraView), ['Alice Martin', 'Bob Chen']);
  assert.deepEqual(names(adamView), ['Alice Martin', 'Bob Chen', 'Carol Diaz']);
  const support = supportOf(saraView.data);
  assert.deepEqual([support.waiting, support.today.answered, support.today.abandoned], [0, 0, 0]);
  assert.equal(support.today.serviceLevel, null);
  assert.equal(support.agents.offline, 3, 'signed in, no status chosen yet (or gone)');
  assert.equal(support.agents.available, 0);
  assert.ok(saraView.data.hourly.length >= 1);
  carol.disconnect();
  bob.disconnect();
});

test('the wallboard changes live as a call waits, is answered, and another is abandoned', async () => {
  const bob = await signIn('bob');
  await command(bob, 'agent:set-status', { status: 'away' });

  // A call arrives with nobody free: one waiting, and the call in the list without an agent.
  const waiting = queuesWhere(sara, (q) => q.waiting === 1);
  const listed = nextEvent(sara, 'live:calls-updated', (u) => u.calls.some((c) => c.agentId === null));
  const first = await startCustomer('support');
  const queued = supportOf(await waiting);
  assert.ok(queued.oldestQueuedAt);
  const call = (await listed).calls.find((c) => c.callId === first.callId)!;
  assert.equal(call.state, 'queued');
  assert.equal(call.queueName, 'support');
  assert.equal(call.quality, null, 'no media has flowed yet');

  // Bob becomes available, is offered it and answers: answered today +1, nobody waiting.
  const answered = queuesWhere(sara, (q) => q.today.answered === 1 && q.waiting === 0);
  const bobOnCall = nextEvent(sara, 'live:agent-updated', (a) => a.displayName === 'Bob Chen' && a.status === 'on-call');
  const callOfBob = nextEvent(sara, 'live:calls-updated', (u) => u.calls.some((c) => c.callId === first.callId && c.agentName === 'Bob Chen'));
  const offered = nextEvent(bob, 'call:offered');
  await command(bob, 'agent:set-status', { status: 'available' });
  await offered;
  assert.equal((await command(bob, 'call:answer', { callId: first.callId })).ok, true);
  const afterAnswer = supportOf(await answered);
  assert.equal(afterAnswer.today.answeredWithinServiceLevel, 1);
  assert.equal(afterAnswer.today.serviceLevel, 1);
  assert.ok(afterAnswer.today.averageSpeedOfAnswerSeconds !== null && afterAnswer.today.averageSpeedOfAnswerSeconds < 20);
  assert.equal((await bobOnCall).callId, first.callId);
  assert.equal((await callOfBob).calls.find((c) => c.callId === first.callId)!.state, 'connected');

  // A second caller gives up while Bob is busy: abandoned +1, and the call leaves the list.
  const second = await startCustomer('support');
  await queuesWhere(sara, (q) => q.waiting === 1);
  const abandoned = queuesWhere(sara, (q) => q.today.abandoned === 1 && q.waiting === 0);
  const removed = nextEvent(sara, 'live:calls-updated', (u) => u.removedCallIds.includes(second.callId));
  await command(second.socket, 'call:hangup', { callId: second.callId });
  const afterAbandon = supportOf(await abandoned);
  assert.equal(afterAbandon.today.serviceLevel, 0.5, 'one of two outcomes within the threshold');
  await removed;

  // Bob hangs up: handle time appears.
  const handled = queuesWhere(sara, (q) => q.today.averageHandleSeconds !== null);
  await command(bob, 'call:hangup', { callId: first.callId });
  assert.ok(supportOf(await handled).today.averageHandleSeconds! >= 0);
  await command(bob, 'agent:set-status', { status: 'away' });
  bob.disconnect();
});

test("a supervisor hears only their teams' agents; an admin hears everyone", async () => {
  const carol = await signIn('carol', 'carol-password');
  const seen: string[] = [];
  sara.on('live:agent-updated', (a) => seen.push(a.displayName));
  const adamSawCarol = nextEvent(adam, 'live:agent-updated', (a) => a.userId === carolId && a.status === 'available');
  const bob = await signIn('bob');
  const saraSawBob = nextEvent(sara, 'live:agent-updated', (a) => a.displayName === 'Bob Chen' && a.status === 'available');
  await command(carol, 'agent:set-status', { status: 'available' });
  await command(bob, 'agent:set-status', { status: 'available' });
  await adamSawCarol;
  await saraSawBob;
  sara.off('live:agent-updated');
  assert.ok(!seen.includes('Carol Diaz'), `Sara saw ${seen.join(', ')}`);
  await command(carol, 'agent:set-status', { status: 'away' });
  await command(bob, 'agent:set-status', { status: 'away' });
  carol.disconnect();
  bob.disconnect();
});

test("a supervisor sets their agent away with a reason the agent sees and the history keeps; not someone else's agent", async () => {
  const bob = await signIn('bob');
  const carol = await signIn('carol', 'carol-password');
  await command(bob, 'agent:set-status', { status: 'available' });
  await command(carol, 'agent:set-status', { status: 'available' });

  const told = nextEvent(bob, 'agent:state-changed', (s) => s.status === 'away');
  const forced = await command(sara, 'agent:force-status', { userId: (await idOf('bob')), status: 'away', reason: 'Team meeting' });
  assert.equal(forced.ok, true, JSON.stringify(forced));
  assert.equal(forced.data.status, 'away');
  assert.equal((await told).reason, 'Set away by Sara Okafor: Team meeting');
  await server.app.calls.recordsSettled();
  const history = await new AgentStateRepository(server.db).history(await idOf('bob'));
  assert.equal(history.at(-1)?.reason, 'Set away by Sara Okafor: Team meeting');

  const again = await command(sara, 'agent:force-status', { userId: await idOf('bob'), status: 'away', reason: 'Still' });
  assert.equal(again.error.code, 'conflict');
  assert.match(again.error.message, /already away/);
  const notHers = await command(sara, 'agent:force-status', { userId: carolId, status: 'away', reason: 'Break' });
  assert.equal(notHers.error.code, 'forbidden');
  const noReason = await command(sara, 'agent:force-status', { userId: carolId, status: 'away', reason: ' ' });
  assert.equal(noReason.error.code, 'bad-request');

  // An admin signs Carol out: her desktop is told why and disconnected.
  const ended = nextEvent(carol, 'session:ended');
  const gone = new Promise((resolve) => carol.once('disconnect', resolve));
  const signedOut = await command(adam, 'agent:force-status', { userId: carolId, status: 'offline', reason: 'Shift over' });
  assert.equal(signedOut.ok, true, JSON.stringify(signedOut));
  assert.equal(signedOut.data.status, 'offline');
  assert.equal((await ended).reason, 'Signed out by Adam Novak: Shift over');
  await gone;
  bob.disconnect();
});

async function idOf(username: string): Promise<string> {
  const users = (await api('GET', '/api/users')).body;
  return (users.items ?? users).find((u: { username: string }) => u.username === username).id;
}
