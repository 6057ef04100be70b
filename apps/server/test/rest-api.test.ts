import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { AdminQueue } from '@cc/shared';
import { verifyPassword } from '../src/auth/passwords.ts';
import { TokenService } from '../src/auth/token-service.ts';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { UserRepository } from '../src/users/user-repository.ts';
import { type RestApi, openRestApi, SECRET } from './rest-api-fixture.ts';
import { databaseBackends } from './database-backends.ts';

/** Users, skills, teams and queues over REST, and who may touch them, on both backends. */
for (const backend of databaseBackends()) {
  describe(`admin REST API on ${backend.name}`, () => {
    let api: RestApi;
    let adam: string;
    before(async () => {
      api = await openRestApi(backend);
      adam = await api.tokenOf('adam');
    });
    after(() => api.close());

    describe('authorisation', () => {
      const adminOnly: Array<[string, string]> = [
        ['GET', '/api/users'],
        ['POST', '/api/users'],
        ['GET', `/api/users/${randomUUID()}`],
        ['PATCH', `/api/users/${randomUUID()}`],
        ['DELETE', `/api/users/${randomUUID()}`],
        ['GET', `/api/users/${randomUUID()}/skills`],
        ['PUT', `/api/users/${randomUUID()}/skills`],
        ['GET', `/api/users/${randomUUID()}/memberships`],
        ['PUT', `/api/users/${randomUUID()}/memberships`],
        ['GET', '/api/skills'],
        ['POST', '/api/skills'],
        ['PATCH', `/api/skills/${randomUUID()}`],
        ['DELETE', `/api/skills/${randomUUID()}`],
        ['GET', '/api/teams'],
        ['POST', '/api/teams'],
        ['PATCH', `/api/teams/${randomUUID()}`],
        ['DELETE', `/api/teams/${randomUUID()}`],
        ['POST', '/api/queues'],
        ['PATCH', `/api/queues/${randomUUID()}`],
        ['DELETE', `/api/queues/${randomUUID()}`],
      ];
      const signedIn: Array<[string, string]> = [
        ['GET', '/api/queues'],
        ['GET', '/api/calls'],
        ['GET', '/api/live'],
      ];

      test('no token, a malformed header, a forged or an expired token: 401 everywhere', async () => {
        const forged = (await new TokenService('another-secret-entirely-0123456789', 3600).issueUserToken({ id: await api.idOf('adam'), role: 'admin', displayName: 'Adam' })).token;
        const expired = (await new TokenService(SECRET, -60).issueUserToken({ id: await api.idOf('adam'), role: 'admin', displayName: 'Adam' })).token;
        for (const [method, url] of [...adminOnly, ...signedIn]) {
          assert.equal((await api.request(method, url)).status, 401, `${method} ${url} without a token`);
          const basic = await api.app.inject({ method: method as 'GET', url, headers: { authorization: `Basic ${adam}` } });
          assert.equal(basic.statusCode, 401, `${method} ${url} with Basic`);
          assert.equal((await api.request(method, url, forged)).status, 401, `${method} ${url} forged`);
          const res = await api.request(method, url, expired);
          assert.equal(res.status, 401, `${method} ${url} expired`);
          assert.equal(res.body.error.code, 'unauthorized');
        }
      });

      test('a customer token is refused everywhere', async () => {
        const customer = (await api.tokens.issueCustomerToken({ callId: randomUUID(), queueName: 'support', callerLabel: 'x' })).token;
        for (const [method, url] of [...adminOnly, ...signedIn]) {
          const res = await api.request(method, url, customer);
          assert.equal(res.status, 403, `${method} ${url}`);
          assert.equal(res.body.error.code, 'forbidden');
        }
      });

      test('agents and supervisors are refused on admin endpoints', async () => {
        for (const who of ['alice', 'sara']) {
          const token = await api.tokenOf(who);
          for (const [method, url] of adminOnly) {
            assert.equal((await api.request(method, url, token, {})).status, 403, `${who}: ${method} ${url}`);
          }
        }
      });

      test('agents may not read queues or the live view; supervisors may', async () => {
        const alice = await api.tokenOf('alice');
        assert.equal((await api.request('GET', '/api/queues', alice)).status, 403);
        assert.equal((await api.request('GET', '/api/live', alice)).status, 403);
        const sara = await api.tokenOf('sara');
        assert.equal((await api.request('GET', '/api/queues', sara)).status, 200);
        assert.equal((await api.request('GET', '/api/live', sara)).status, 200);
      });

      test("a token's role is checked against the database: a demoted or disabled admin is refused at once", async () => {
        const created = await api.request('POST', '/api/users', adam, { username: 'temp-admin', displayName: 'Temp', role: 'admin', password: 'long-enough' });
        assert.equal(created.status, 201);
        const token = await api.tokenOf('temp-admin');
        assert.equal((await api.request('GET', '/api/users', token)).status, 200);
        await api.request('PATCH', `/api/users/${created.body.id}`, adam, { role: 'agent' });
        assert.equal((await api.request('GET', '/api/users', token)).status, 403);
        await api.request('PATCH', `/api/users/${created.body.id}`, adam, { role: 'admin', disabled: true });
        assert.equal((await api.request('GET', '/api/users', token)).status, 401);
        assert.equal((await api.request('DELETE', `/api/users/${created.body.id}`, adam)).status, 204);
      });
    });

    describe('users', () => {
      test('the seeded users carry teams, skills and tier-1 memberships, never a password hash', async () => {
        const res = await api.request('GET', '/api/users', adam);
        assert.equal(res.status, 200);
        assert.deepEqual(res.body.map((u: any) => u.username), ['adam', 'alice', 'bob', 'sara']);
        const alice = res.body.find((u: any) => u.username === 'alice');
        assert.equal(alice.skills.length, 2);
        assert.deepEqual(alice.memberships.map((m: any) => m.tier), [1, 1]);
        assert.ok(alice.teamId);
        for (const u of res.body) {
          assert.equal('passwordHash' in u, false);
          assert.equal('password_hash' in u, false);
        }
      });

      test('create, read, change and delete round-trip; the password is stored hashed', async () => {
        const skills = (await api.request('GET', '/api/skills', adam)).body;
        const queues = (await api.request('GET', '/api/queues', adam)).body;
        const teams = (await api.request('GET', '/api/teams', adam)).body;
        const english = skills.find((s: any) => s.name === 'english').id;
        const support = queues.find((q: any) => q.name === 'support').id;
        const sales = queues.find((q: any) => q.name === 'sales').id;
        const created = await api.request('POST', '/api/users', adam, {
          username: 'carol',
          displayName: 'Carol Diaz',
          role: 'agent',
          password: 'carol-password',
          teamId: teams[0].id,
          skills: [{ skillId: english, level: 7 }],
          memberships: [
            { queueId: sales, tier: 2 },
            { queueId: support, tier: 1 },
          ],
        });
        assert.equal(created.status, 201);
        assert.equal(created.body.username, 'carol');
        assert.equal(created.body.disabled, false);
        assert.deepEqual(created.body.memberships, [
          { queueId: support, tier: 1 },
          { queueId: sales, tier: 2 },
        ]);
        const id = created.body.id;
        assert.deepEqual((await api.request('GET', `/api/users/${id}`, adam)).body, created.body);
        const record = await new UserRepository(api.db).findById(id);
        assert.ok(record && record.passwordHash !== 'carol-password' && (await verifyPassword('carol-password', record.passwordHash)));

        api.profileChanges.length = 0;
        const renamed = await api.request('PATCH', `/api/users/${id}`, adam, { displayName: 'Carol D.', password: 'new-password-1' });
        assert.equal(renamed.status, 200);
        assert.equal(renamed.body.displayName, 'Carol D.');
        assert.deepEqual(renamed.body.skills, created.body.skills, 'a PATCH leaves absent fields alone');
        assert.ok(await verifyPassword('new-password-1', (await new UserRepository(api.db).findById(id))!.passwordHash));
        assert.deepEqual(api.profileChanges, [], 'a new display name or password does not concern the ACD');

        const skillsPut = await api.request('PUT', `/api/users/${id}/skills`, adam, []);
        assert.deepEqual(skillsPut.body, []);
        const membershipsPut = await api.request('PUT', `/api/users/${id}/memberships`, adam, [{ queueId: sales, tier: 3 }]);
        assert.deepEqual(membershipsPut.body, [{ queueId: sales, tier: 3 }]);
        assert.deepEqual((await api.request('GET', `/api/users/${id}/memberships`, adam)).body, [{ queueId: sales, tier: 3 }]);
        assert.deepEqual((await api.request('GET', `/api/users/${id}/skills`, adam)).body, []);
        await api.request('PATCH', `/api/users/${id}`, adam, { role: 'supervisor' });
        await api.request('PATCH', `/api/users/${id}`, adam, { disabled: true });
        await api.request('PATCH', `/api/users/${id}`, adam, { teamId: null });
        assert.deepEqual(api.profileChanges, [id, id, id, id], 'skills, memberships, role, disabled; not team');

        assert.equal((await api.request('DELETE', `/api/users/${id}`, adam)).status, 204);
        assert.equal((await api.request('GET', `/api/users/${id}`, adam)).status, 404);
        assert.equal((await api.request('DELETE', `/api/users/${id}`, adam)).status, 404);
      });

      test('validation failures are 400s that name the field', async () => {
        const cases: Array<[unknown, string]> = [
          [{ username: 'bad name!', displayName: 'X', role: 'agent', password: 'long-enough' }, 'username'],
          [{ username: 'dave', displayName: 'X', role: 'agent', password: 'short' }, 'password'],
          [{ username: 'dave', displayName: 'X', role: 'root', password: 'long-enough' }, 'role'],
          [{ username: 'dave', displayName: 'X', role: 'agent', password: 'long-enough', skills: [{ skillId: randomUUID(), level: 11 }] }, 'skills.0.level'],
          [{ username: 'dave', displayName: 'X', role: 'agent', password: 'long-enough', skills: [{ skillId: randomUUID(), level: 5 }] }, 'skills.0.skillId'],
          [{ username: 'dave', displayName: 'X', role: 'agent', password: 'long-enough', memberships: [{ queueId: randomUUID(), tier: 1 }] }, 'memberships.0.queueId'],
          [{ username: 'dave', displayName: 'X', role: 'agent', password: 'long-enough', teamId: randomUUID() }, 'teamId'],
        ];
        for (const [body, field] of cases) {
          const res = await api.request('POST', '/api/users', adam, body);
          assert.equal(res.status, 400, JSON.stringify(body));
          assert.equal(res.body.error.code, 'bad-request');
          assert.match(res.body.error.message, new RegExp(field.replaceAll('.', '\\.')), res.body.error.message);
        }
        const alice = await api.idOf('alice');
        assert.match((await api.request('PATCH', `/api/users/${alice}`, adam, {})).body.error.message, /at least one field/);
        assert.equal((await api.request('PATCH', `/api/users/${alice}`, adam, { username: 'renamed' })).status, 400);
        assert.equal((await api.request('GET', '/api/users/not-a-uuid', adam)).status, 400);
        const skill = (await api.request('GET', '/api/skills', adam)).body[0].id;
        const twice = await api.request('PUT', `/api/users/${alice}/skills`, adam, [{ skillId: skill, level: 1 }, { skillId: skill, level: 2 }]);
        assert.equal(twice.status, 400);
        assert.equal((await api.request('GET', '/api/users', adam)).body.length, 4, 'nothing was created');
      });

      test('a taken username is a 409, ignoring case', async () => {
        const res = await api.request('POST', '/api/users', adam, { username: 'ALICE', displayName: 'Other', role: 'agent', password: 'long-enough' });
        assert.equal(res.status, 409);
        assert.equal(res.body.error.code, 'conflict');
      });

      test('an admin cannot demote, disable or delete themselves', async () => {
        const self = await api.idOf('adam');
        assert.equal((await api.request('PATCH', `/api/users/${self}`, adam, { role: 'agent' })).status, 409);
        assert.equal((await api.request('PATCH', `/api/users/${self}`, adam, { disabled: true })).status, 409);
        assert.equal((await api.request('DELETE', `/api/users/${self}`, adam)).status, 409);
      });

      test('a user with call history cannot be deleted (disable instead)', async () => {
        const bob = await api.idOf('bob');
        const queue = (await api.request('GET', '/api/queues', adam)).body[0];
        const records = new CallRecordRepository(api.db);
        const callId = randomUUID();
        await records.create({ id: callId, queueId: queue.id, channel: 'web', callerLabel: 'x', offeredAt: new Date(), nodeId: 'n' });
        await records.markAnswered(callId, bob, new Date());
        const res = await api.request('DELETE', `/api/users/${bob}`, adam);
        assert.equal(res.status, 409);
        assert.match(res.body.error.message, /disable/);
      });
    });

    describe('skills', () => {
      test('CRUD, unique names ignoring case, and no deleting a skill a queue requires', async () => {
        const created = await api.request('POST', '/api/skills', adam, { name: 'Spanish' });
        assert.equal(created.status, 201);
        assert.deepEqual(Object.keys(created.body).sort(), ['description', 'id', 'name']);
        assert.equal(created.body.description, '');
        assert.equal((await api.request('POST', '/api/skills', adam, { name: 'spanish' })).status, 409);
        assert.equal((await api.request('PATCH', `/api/skills/${created.body.id}`, adam, { name: 'ENGLISH' })).status, 409);
        const bad = await api.request('POST', '/api/skills', adam, { name: 'no/slashes' });
        assert.equal(bad.status, 400);
        assert.match(bad.body.error.message, /name/);
        const patched = await api.request('PATCH', `/api/skills/${created.body.id}`, adam, { description: 'Español' });
        assert.deepEqual(patched.body, { id: created.body.id, name: 'Spanish', description: 'Español' });
        assert.deepEqual((await api.request('GET', `/api/skills/${created.body.id}`, adam)).body, patched.body);

        const queue = await api.request('POST', '/api/queues', adam, {
          name: 'spanish-line',
          displayName: 'Spanish line',
          requiredSkills: [{ skillId: created.body.id, minLevel: 3 }],
        });
        assert.equal(queue.status, 201);
        const blocked = await api.request('DELETE', `/api/skills/${created.body.id}`, adam);
        assert.equal(blocked.status, 409);
        assert.match(blocked.body.error.message, /spanish-line/);
        await api.request('PATCH', `/api/queues/${queue.body.id}`, adam, { requiredSkills: [] });

        const alice = await api.idOf('alice');
        const before = (await api.request('GET', `/api/users/${alice}/skills`, adam)).body;
        await api.request('PUT', `/api/users/${alice}/skills`, adam, [...before, { skillId: created.body.id, level: 4 }]);
        api.profileChanges.length = 0;
        assert.equal((await api.request('DELETE', `/api/skills/${created.body.id}`, adam)).status, 204);
        assert.deepEqual(api.profileChanges, [alice], 'agents who lost the skill are refreshed');
        assert.deepEqual((await api.request('GET', `/api/users/${alice}/skills`, adam)).body, before);
        assert.equal((await api.request('GET', `/api/skills/${created.body.id}`, adam)).status, 404);
        assert.equal((await api.request('DELETE', `/api/queues/${queue.body.id}`, adam)).status, 204);
      });
    });

    describe('teams', () => {
      test('the seed has Team A with alice and bob, supervised by sara', async () => {
        const [team] = (await api.request('GET', '/api/teams', adam)).body;
        assert.equal(team.name, 'Team A');
        assert.deepEqual(team.supervisorIds, [await api.idOf('sara')]);
        assert.deepEqual([...team.memberIds].sort(), [await api.idOf('alice'), await api.idOf('bob')].sort());
      });

      test('CRUD; supervisors must be supervisors or admins; names unique ignoring case', async () => {
        const sara = await api.idOf('sara');
        const created = await api.request('POST', '/api/teams', adam, { name: 'Team B', supervisorIds: [sara] });
        assert.equal(created.status, 201);
        assert.deepEqual(created.body.memberIds, []);
        assert.equal((await api.request('POST', '/api/teams', adam, { name: 'team b' })).status, 409);
        const agentSupervisor = await api.request('POST', '/api/teams', adam, { name: 'Team C', supervisorIds: [await api.idOf('alice')] });
        assert.equal(agentSupervisor.status, 400);
        assert.match(agentSupervisor.body.error.message, /supervisorIds\.0/);
        assert.equal((await api.request('POST', '/api/teams', adam, { name: 'Team C', supervisorIds: [randomUUID()] })).status, 400);
        const renamed = await api.request('PATCH', `/api/teams/${created.body.id}`, adam, { name: 'Team Bee', supervisorIds: [] });
        assert.equal(renamed.body.name, 'Team Bee');
        assert.deepEqual(renamed.body.supervisorIds, []);
        assert.equal((await api.request('PATCH', `/api/teams/${randomUUID()}`, adam, { name: 'x' })).status, 404);
        assert.equal((await api.request('DELETE', `/api/teams/${created.body.id}`, adam)).status, 204);
        assert.equal((await api.request('GET', `/api/teams/${created.body.id}`, adam)).status, 404);
      });
    });

    describe('queues', () => {
      test('a queue created with only its names gets every default; a PATCH changes only what it names', async () => {
        const created = await api.request('POST', '/api/queues', adam, { name: 'billing', displayName: 'Billing' });
        assert.equal(created.status, 201);
        assert.deepEqual(AdminQueue.parse(created.body), created.body);
        assert.equal(created.body.strategy, 'longest-idle');
        assert.equal(created.body.ringTimeoutMs, 20_000);
        assert.deepEqual(created.body.overflow, { kind: 'end' });
        const support = (await api.request('GET', '/api/queues', adam)).body.find((q: any) => q.name === 'support');
        api.queueChanges.length = 0;
        const patched = await api.request('PATCH', `/api/queues/${created.body.id}`, adam, {
          strategy: 'skills-based',
          maxWaitingCalls: 5,
          overflow: { kind: 'queue', queueId: support.id },
          priorityAgingPerMinute: 2.5,
        });
        assert.equal(patched.status, 200);
        assert.deepEqual(patched.body, { ...created.body, strategy: 'skills-based', maxWaitingCalls: 5, overflow: { kind: 'queue', queueId: support.id }, priorityAgingPerMinute: 2.5 });
        assert.deepEqual(api.queueChanges, [created.body.id]);
        assert.deepEqual((await api.request('GET', `/api/queues/${created.body.id}`, await api.tokenOf('sara'))).body, patched.body);

        assert.equal((await api.request('POST', '/api/queues', adam, { name: 'BILLING', displayName: 'Again' })).status, 409);
        assert.equal((await api.request('PATCH', `/api/queues/${created.body.id}`, adam, { name: 'Support' })).status, 409);
        const self = await api.request('PATCH', `/api/queues/${created.body.id}`, adam, { overflow: { kind: 'queue', queueId: created.body.id } });
        assert.equal(self.status, 400);
        assert.match(self.body.error.message, /overflow\.queueId/);
        assert.equal((await api.request('PATCH', `/api/queues/${created.body.id}`, adam, { overflow: { kind: 'queue', queueId: randomUUID() } })).status, 400);
        const bad = await api.request('POST', '/api/queues', adam, { name: 'x', displayName: 'X', ringTimeoutMs: 10, strategy: 'loudest' });
        assert.equal(bad.status, 400);
        assert.match(bad.body.error.message, /ringTimeoutMs/);
        assert.match(bad.body.error.message, /strategy/);
        assert.equal((await api.request('PATCH', `/api/queues/${created.body.id}`, adam, {})).status, 400);

        const blocked = await api.request('DELETE', `/api/queues/${support.id}`, adam);
        assert.equal(blocked.status, 409, 'billing overflows to support (and support has calls)');
        assert.equal((await api.request('DELETE', `/api/queues/${created.body.id}`, adam)).status, 204);
        assert.equal((await api.request('GET', `/api/queues/${created.body.id}`, adam)).status, 404);
      });
    });

    test('GET /api/docs lists every route with its method, roles and schemas', async () => {
      const res = await api.request('GET', '/api/docs');
      assert.equal(res.status, 200);
      const doc = res.body;
      assert.equal(doc.openapi, '3.1.0');
      for (const spec of api.router.routes) {
        const path = spec.url.replace(/:(\w+)/g, '{$1}');
        const op = doc.paths[path]?.[spec.method.toLowerCase()];
        assert.ok(op, `${spec.method} ${path} is documented`);
        if (spec.roles === 'public') assert.deepEqual(op.security, []);
        else {
          assert.deepEqual(op.security, [{ bearerAuth: [] }]);
          assert.deepEqual(op['x-roles'], spec.roles);
          assert.ok(op.responses['401'] && op.responses['403']);
        }
      }
      const expected = [
        'get /api/users', 'post /api/users', 'get /api/users/{id}', 'patch /api/users/{id}', 'delete /api/users/{id}',
        'get /api/users/{id}/skills', 'put /api/users/{id}/skills', 'get /api/users/{id}/memberships', 'put /api/users/{id}/memberships',
        'get /api/skills', 'post /api/skills', 'get /api/skills/{id}', 'patch /api/skills/{id}', 'delete /api/skills/{id}',
        'get /api/teams', 'post /api/teams', 'get /api/teams/{id}', 'patch /api/teams/{id}', 'delete /api/teams/{id}',
        'get /api/queues', 'post /api/queues', 'get /api/queues/{id}', 'patch /api/queues/{id}', 'delete /api/queues/{id}',
        'get /api/trunks', 'post /api/trunks', 'get /api/trunks/{id}', 'patch /api/trunks/{id}', 'delete /api/trunks/{id}', 'get /api/trunks/{id}/status',
        'get /api/phone-numbers', 'post /api/phone-numbers', 'get /api/phone-numbers/{number}', 'patch /api/phone-numbers/{number}', 'delete /api/phone-numbers/{number}',
        'get /api/calls', 'get /api/calls/{id}', 'get /api/live', 'get /api/docs', 'post /api/auth/login', 'post /api/widget/sessions', 'get /api/health',
        'get /api/reports/queues', 'get /api/reports/agents',
      ];
      const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m} ${path}`));
      assert.deepEqual([...listed].sort(), [...expected].sort());
      const createUser = doc.paths['/api/users'].post;
      assert.deepEqual(createUser.requestBody.content['application/json'].schema.required.sort(), ['displayName', 'password', 'role', 'username']);
      assert.equal(createUser.responses['201'].content['application/json'].schema.properties.passwordHash, undefined);
      const search = doc.paths['/api/calls'].get.parameters.map((p: any) => p.name);
      assert.deepEqual(search.sort(), ['agentId', 'channel', 'cursor', 'endReason', 'from', 'limit', 'outcome', 'queueId', 'to']);
      assert.equal(doc.paths['/api/users/{id}'].get.parameters[0].in, 'path');
    });
  });
}
