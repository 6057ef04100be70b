import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { CallStatus } from '@cc/shared';
import type { ClientSocket } from './harness.ts';
import { command, nextEvent, sleep } from './harness.ts';
import { connectSocket, getJson, postJson, startCluster } from './node-cluster.ts';

/**
 * Three server processes on one Redis and one Postgres, hammered with concurrent calls
 * and agent state flips through sockets connected to all three. Afterwards the records
 * must show no double booking, no lost call, and a complete event log for every call.
 */
const CALLS = Number(process.env.STRESS_CALLS ?? 240);
const AGENTS = 12;
const enabled = Boolean(process.env.TEST_REDIS_URL && process.env.TEST_DATABASE_URL);

let cluster: Awaited<ReturnType<typeof startCluster>>;
let adminToken: string;
let supportId: string;
const rand = (min: number, max: number) => min + Math.random() * (max - min);
const chance = (p: number) => Math.random() < p;

describe('three nodes sharing one Redis', { skip: !enabled && 'needs TEST_REDIS_URL and TEST_DATABASE_URL' }, () => {
  before(async () => {
    cluster = await startCluster(3, { RING_TIMEOUT_MS: '2000', WRAP_UP_MS: '300', RECONNECT_GRACE_MS: '500' });
    const [a] = cluster.nodes;
    adminToken = (await postJson(`${a!.url}/api/auth/login`, { username: 'adam', password: 'demo' })).body.token;
    const queues = (await getJson(`${a!.url}/api/queues`, adminToken)).body;
    supportId = (queues.items ?? queues).find((q: { name: string }) => q.name === 'support').id;
    for (let i = 1; i <= AGENTS; i++) {
      const created = await postJson(
        `${a!.url}/api/users`,
        {
          username: `stress${i}`,
          displayName: `Stress Agent ${i}`,
          role: 'agent',
          password: 'stress-password',
          memberships: [{ queueId: supportId, tier: i <= 8 ? 1 : 2 }],
        },
        adminToken,
      );
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
  });
  after(async () => {
    await cluster?.stop();
  });

  test('hundreds of concurrent calls and state flips: no double booking, no lost call, complete records', { timeout: 240_000 }, async () => {
    const nodes = cluster.nodes;
    const stop = { now: false };
    const answeredAcrossNodes = { count: 0 };
    const callNodeOf = new Map<string, string>();

    // --- agents, spread over the three nodes ------------------------------------
    const agents = await Promise.all(
      Array.from({ length: AGENTS }, async (_, i) => {
        const node = nodes[i % nodes.length]!;
        const login = await postJson(`${node.url}/api/auth/login`, { username: `stress${i + 1}`, password: 'stress-password' });
        const socket = await connectSocket(node.url, login.body.token);
        return runAgent(socket, node.id, stop, (callId) => {
          if (callNodeOf.get(callId) !== node.id) answeredAcrossNodes.count += 1;
        });
      }),
    );

    // --- customers ---------------------------------------------------------------
    const outcomes: Array<Promise<{ callId: string; status: CallStatus | null }>> = [];
    for (let i = 0; i < CALLS; i++) {
      const node = nodes[i % nodes.length]!;
      outcomes.push(runCustomer(node.url, node.id, callNodeOf));
      await sleep(rand(10, 50));
    }
    const results = await Promise.all(outcomes);
    stop.now = true;
    await Promise.all(agents.map((a) => a.signOut()));
    await sleep(1500);

    // --- every call recorded, ended, with a reason --------------------------------
    const callIds = results.map((r) => r.callId);
    const { rows: calls } = await cluster.db.query(
      'select id, state, end_reason, agent_id, answered_at, ended_at, node_id from calls where id = any($1)',
      [callIds],
    );
    assert.equal(calls.length, CALLS, 'every call has a record');
    const open = calls.filter((c) => c.state !== 'ended' || !c.end_reason);
    assert.deepEqual(open, [], 'every call ended with a reason');
    for (const r of results) assert.equal(r.status?.state, 'ended', `customer of ${r.callId} was told the call ended`);

    // --- each call's event log: one offer at a time, each offer closed once ------
    const { rows: events } = await cluster.db.query(
      'select call_id, type, agent_id from call_events where call_id = any($1) order by call_id, id',
      [callIds],
    );
    const byCall = groupBy(events, (e) => e.call_id as string);
    const closes = new Set(['offer-timeout', 'offer-declined', 'offer-customer-hangup', 'offer-agent-gone', 'answered']);
    for (const id of callIds) {
      const log = byCall.get(id) ?? [];
      assert.equal(log[0]?.type, 'queued', `${id} starts queued`);
      assert.equal(log.at(-1)?.type, 'ended', `${id} ends with ended: ${log.map((e) => e.type)}`);
      let offeredTo: string | null = null;
      let answers = 0;
      for (const e of log.slice(1, -1)) {
        if (e.type === 'offered') {
          assert.equal(offeredTo, null, `${id} offered to ${e.agent_id} while offered to ${offeredTo}: ${log.map((x) => x.type)}`);
          offeredTo = e.agent_id;
        } else if (closes.has(e.type)) {
          assert.equal(e.agent_id, offeredTo, `${id}: ${e.type} closes the open offer`);
          offeredTo = null;
          if (e.type === 'answered') answers += 1;
        }
      }
      assert.ok(answers <= 1, `${id} answered ${answers} times`);
    }

    // --- no agent on two calls at once -------------------------------------------
    const talks = calls.filter((c) => c.answered_at).sort((x, y) => x.answered_at - y.answered_at);
    for (const [agentId, own] of groupBy(talks, (c) => c.agent_id as string)) {
      for (let i = 1; i < own.length; i++) {
        assert.ok(own[i].answered_at >= own[i - 1].ended_at, `agent ${agentId} double booked: ${own[i - 1].id} and ${own[i].id}`);
      }
    }

    // --- the shared state is empty again -----------------------------------------
    const redis = new Redis(process.env.TEST_REDIS_URL!);
    const p = cluster.redisPrefix;
    assert.equal(await redis.hlen(`${p}acd:calls`), 0, 'no call left waiting');
    assert.equal(await redis.hlen(`${p}acd:claims:call`), 0, 'no call left claimed');
    assert.equal(await redis.hlen(`${p}acd:claims:agent`), 0, 'no agent left claimed');
    await redis.quit();

    const answered = calls.filter((c) => c.answered_at).length;
    const abandoned = calls.filter((c) => c.end_reason === 'abandoned').length;
    console.log(
      `metric three-node: ${CALLS} calls, ${answered} answered (${answeredAcrossNodes.count} by an agent on another node), ` +
        `${abandoned} abandoned, ${events.length} events, ${agents.reduce((s, a) => s + a.flips, 0)} state flips`,
    );
    assert.ok(answered > CALLS / 3, `${answered} answered`);
    assert.ok(answeredAcrossNodes.count > 0, 'some calls were answered from another node');
  });

  test('an agent whose connection goes ends their call on the node that carries it', { timeout: 30_000 }, async () => {
    const [a, b] = cluster.nodes;
    const login = await postJson(`${a!.url}/api/auth/login`, { username: 'stress2', password: 'stress-password' });
    const agent = await connectSocket(a!.url, login.body.token);
    const call = await startCall(b!.url);
    const offered = nextEvent(agent, 'call:offered', (o) => o.callId === call.callId, 10_000);
    assert.equal((await command(agent, 'agent:set-status', { status: 'available' })).ok, true);
    await offered;
    assert.equal((await command(agent, 'call:answer', { callId: call.callId })).ok, true);
    const ended = nextEvent(call.socket, 'call:state-changed', (s) => s.state === 'ended', 10_000);
    agent.disconnect();
    assert.equal((await ended).endReason, 'agent-disconnected');
    call.socket.disconnect();
  });

  test('a customer whose connection comes back on another node keeps their call', { timeout: 30_000 }, async () => {
    const [a, b] = cluster.nodes;
    const session = await postJson(`${a!.url}/api/widget/sessions`, { queue: 'support' });
    const callId = session.body.callId as string;
    const first = await connectSocket(a!.url, session.body.token);
    assert.equal((await command(first, 'customer:start-call', {})).ok, true);
    // The connection drops (not a deliberate hang-up: the call waits out the grace period)...
    first.io.engine.close();
    // ...and comes back through node b (no sticky sessions): the same call, still waiting.
    const again = await connectSocket(b!.url, session.body.token);
    const rejoined = await command(again, 'customer:start-call', {});
    assert.equal(rejoined.ok, true, JSON.stringify(rejoined));
    assert.equal(rejoined.data.callId, callId);
    assert.equal(rejoined.data.status.state, 'queued');

    const login = await postJson(`${a!.url}/api/auth/login`, { username: 'stress3', password: 'stress-password' });
    const agent = await connectSocket(a!.url, login.body.token);
    const offered = nextEvent(agent, 'call:offered', (o) => o.callId === callId, 10_000);
    const connected = nextEvent(again, 'call:state-changed', (s) => s.state === 'connected', 10_000);
    assert.equal((await command(agent, 'agent:set-status', { status: 'available' })).ok, true);
    await offered;
    assert.equal((await command(agent, 'call:answer', { callId })).ok, true);
    assert.equal((await connected).agentName, 'Stress Agent 3');
    // Its media commands reach the call's room on node a.
    const transport = await command(again, 'media:create-transport', { callId, direction: 'send' });
    assert.equal(transport.ok, true, JSON.stringify(transport));
    assert.equal((await command(again, 'call:hangup', { callId })).ok, true);
    let endReason: string | null = null;
    for (let i = 0; i < 40 && !endReason; i++) {
      const { rows } = await cluster.db.query('select end_reason from calls where id = $1', [callId]);
      endReason = rows[0]?.end_reason ?? null;
      if (!endReason) await sleep(50);
    }
    assert.equal(endReason, 'customer-hangup');
    again.disconnect();
    agent.disconnect();
  });

  test('forwarding grants nothing: a customer or agent cannot reach another node’s call that is not theirs', { timeout: 30_000 }, async () => {
    const [a, b] = cluster.nodes;
    const victim = await startCall(b!.url);
    const intruder = await startCall(a!.url);
    for (const [name, payload] of [
      ['call:hangup', { callId: victim.callId }],
      ['media:create-transport', { callId: victim.callId, direction: 'recv' }],
    ] as const) {
      const refused = await command(intruder.socket, name, payload);
      assert.equal(refused.ok, false, `${name} on another customer's call`);
      assert.equal(refused.error.code, 'forbidden');
    }
    const login = await postJson(`${a!.url}/api/auth/login`, { username: 'stress4', password: 'stress-password' });
    const agent = await connectSocket(a!.url, login.body.token);
    for (const [name, payload] of [
      ['call:answer', { callId: victim.callId }],
      ['call:hangup', { callId: victim.callId }],
      ['media:create-transport', { callId: victim.callId, direction: 'recv' }],
    ] as const) {
      const refused = await command(agent, name, payload);
      assert.equal(refused.ok, false, `${name} on a call not offered to the agent`);
      assert.ok(['forbidden', 'conflict'].includes(refused.error.code), `${name}: ${refused.error.code}`);
    }
    const { rows } = await cluster.db.query('select state from calls where id = $1', [victim.callId]);
    assert.equal(rows[0]?.state, 'queued', 'the victim’s call is untouched');
    for (const s of [victim.socket, intruder.socket, agent]) s.disconnect();
  });

  test('a node that dies loses its calls on the record, and frees their agents', { timeout: 60_000 }, async () => {
    const [a, , c] = cluster.nodes;
    const agentLogin = await postJson(`${a!.url}/api/auth/login`, { username: 'stress1', password: 'stress-password' });
    const agent = await connectSocket(a!.url, agentLogin.body.token);
    // The agent on node a answers a call carried by node c.
    const first = await startCall(c!.url);
    const offered = nextEvent(agent, 'call:offered', (o) => o.callId === first.callId, 10_000);
    assert.equal((await command(agent, 'agent:set-status', { status: 'available' })).ok, true);
    await offered;
    const answer = await command(agent, 'call:answer', { callId: first.callId });
    assert.equal(answer.ok, true, JSON.stringify(answer));
    // A second call waits on node c (the only agent is busy).
    const second = await startCall(c!.url);
    const lost = nextEvent(agent, 'call:state-changed', (s) => s.callId === first.callId && s.state === 'ended', 20_000);

    const freed = nextEvent(agent, 'agent:state-changed', (s) => s.status === 'available', 20_000).catch(() => null);

    await c!.kill('SIGKILL');
    assert.equal((await lost).endReason, 'node-failure');
    assert.ok(await freed, 'the agent is available again');
    for (let i = 0; i < 50; i++) {
      const { rows } = await cluster.db.query('select id, end_reason from calls where id = any($1) and state = $2', [
        [first.callId, second.callId],
        'ended',
      ]);
      if (rows.length === 2) {
        assert.deepEqual(rows.map((r) => r.end_reason), ['node-failure', 'node-failure']);
        agent.disconnect();
        return;
      }
      await sleep(200);
    }
    assert.fail('the dead node’s calls were not closed on the record');
  });
});

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

async function startCall(url: string) {
  const session = await postJson(`${url}/api/widget/sessions`, { queue: 'support' });
  const socket = await connectSocket(url, session.body.token);
  const started = await command(socket, 'customer:start-call', {});
  assert.equal(started.ok, true, JSON.stringify(started));
  return { callId: session.body.callId as string, socket };
}

/** One customer: calls, then hangs up early, after the answer, or waits for the agent to. */
async function runCustomer(url: string, nodeId: string, callNodeOf: Map<string, string>) {
  const session = await postJson(`${url}/api/widget/sessions`, { queue: 'support' });
  const callId = session.body.callId as string;
  callNodeOf.set(callId, nodeId);
  const socket = await connectSocket(url, session.body.token);
  let last: CallStatus | null = null;
  const ended = new Promise<void>((resolve) => {
    socket.on('call:state-changed', (s) => {
      if (s.callId !== callId) return;
      last = s;
      if (s.state === 'ended') resolve();
      if (s.state === 'connected' && chance(0.4)) {
        setTimeout(() => void command(socket, 'call:hangup', { callId }).catch(() => undefined), rand(100, 500));
      }
    });
  });
  const started = await command(socket, 'customer:start-call', {});
  if (!started.ok) throw new Error(`start-call failed: ${JSON.stringify(started)}`);
  if (started.data.status.state === 'ended') last = started.data.status;
  if (chance(0.15)) {
    setTimeout(() => void command(socket, 'call:hangup', { callId }).catch(() => undefined), rand(300, 1500));
  }
  // Nobody waits for ever: after a minute the customer gives up.
  const giveUp = setTimeout(() => void command(socket, 'call:hangup', { callId }).catch(() => undefined), 60_000);
  if (last?.state !== 'ended') await ended;
  clearTimeout(giveUp);
  socket.disconnect();
  return { callId, status: last as CallStatus | null };
}

/** One agent: answers most offers, declines or ignores some, flips Away and back. */
function runAgent(socket: ClientSocket, nodeId: string, stop: { now: boolean }, onAnswered: (callId: string) => void) {
  let status = 'offline';
  let flips = 0;
  const setStatus = (next: 'available' | 'away') =>
    command(socket, 'agent:set-status', { status: next })
      .then((r) => {
        if (r.ok) flips += 1;
      })
      .catch(() => undefined);
  socket.on('session:ready', () => void setStatus('available'));
  socket.on('agent:state-changed', (s) => {
    status = s.status;
    if (stop.now) return;
    if (s.status === 'wrap-up' && chance(0.5)) setTimeout(() => void command(socket, 'agent:ready', {}).catch(() => undefined), 50);
    if (s.status === 'away') setTimeout(() => void setStatus('available'), rand(100, 400));
  });
  socket.on('call:offered', (offer) => {
    if (stop.now) return;
    const roll = Math.random();
    if (roll < 0.1) {
      void command(socket, 'call:decline', { callId: offer.callId }).catch(() => undefined);
    } else if (roll < 0.85) {
      setTimeout(async () => {
        const r = await command(socket, 'call:answer', { callId: offer.callId }).catch(() => null);
        if (!r?.ok) return;
        onAnswered(offer.callId);
        setTimeout(() => void command(socket, 'call:hangup', { callId: offer.callId }).catch(() => undefined), rand(100, 600));
      }, rand(30, 300));
    }
    // Otherwise let it ring out.
  });
  const flipper = setInterval(() => {
    if (stop.now || status !== 'available' || !chance(0.15)) return;
    void setStatus('away').then(() => sleep(rand(100, 300))).then(() => setStatus('available'));
  }, 400);
  return {
    get flips() {
      return flips;
    },
    async signOut() {
      clearInterval(flipper);
      socket.disconnect();
    },
  };
}
