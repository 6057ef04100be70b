import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from './harness.ts';

/** The REST API as app.ts composes it: real sign-in, real ACD presence in /api/live. */
let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const get = async (url: string, token?: string) => {
  const res = await fetch(`${server.url}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as any };
};

test('an admin signs in and manages users; the OpenAPI document is served', async () => {
  const { body } = await server.login('adam');
  const users = await get('/api/users', body.token);
  assert.equal(users.status, 200);
  assert.deepEqual(users.body.map((u: any) => u.username), ['adam', 'alice', 'bob', 'sara']);
  const docs = await get('/api/docs');
  assert.equal(docs.status, 200);
  assert.equal(docs.body.openapi, '3.1.0');
  assert.ok(docs.body.paths['/api/calls'].get);
});

test("the live view shows a connected agent from the ACD to their team's supervisor", async () => {
  const alice = await server.login('alice');
  const socket = await server.connect(alice.body.token);
  try {
    const sara = await server.login('sara');
    let agents: any[] = [];
    for (let i = 0; i < 20 && agents.length === 0; i++) {
      agents = (await get('/api/live', sara.body.token)).body.agents;
      if (agents.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(agents.map((a) => a.displayName), ['Alice Martin']);
    assert.ok(agents[0].teamId);
    const live = await get('/api/live', sara.body.token);
    assert.deepEqual(live.body.queues.map((q: any) => q.name), ['sales', 'support']);
    assert.equal((await get('/api/live', alice.body.token)).status, 403);
  } finally {
    socket.disconnect();
  }
});
