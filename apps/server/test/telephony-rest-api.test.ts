import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TrunkRegistrationStatus } from '@cc/shared';
import { PhoneNumberRepository } from '../src/phone-numbers/phone-number-repository.ts';
import { TrunkRepository } from '../src/trunks/trunk-repository.ts';
import { databaseBackends } from './database-backends.ts';
import { type RestApi, openRestApi } from './rest-api-fixture.ts';

const SECRET = 'trunk-secret-8c1f';

const registerTrunk = {
  name: 'Carrier-A',
  mode: 'register',
  outboundHost: 'sip.carrier.example',
  username: 'acme',
  password: SECRET,
};

/** Expects a 400 whose message names each of these fields. */
function assertFieldErrors(res: { status: number; body: any }, fields: string[], what: string): void {
  assert.equal(res.status, 400, `${what}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.error.code, 'bad-request');
  for (const field of fields) assert.match(res.body.error.message, new RegExp(`\\b${field.replaceAll('.', '\\.')}: \\w`), `${what}: ${res.body.error.message}`);
}

/** SIP trunks and phone numbers over REST, and who may touch them, on both backends. */
for (const backend of databaseBackends()) {
  describe(`telephony REST API on ${backend.name}`, () => {
    let api: RestApi;
    let adam: string;
    let queueIds: Map<string, string>;
    before(async () => {
      api = await openRestApi(backend);
      adam = await api.tokenOf('adam');
      const queues = (await api.request('GET', '/api/queues', adam)).body as Array<{ id: string; name: string }>;
      queueIds = new Map(queues.map((q) => [q.name, q.id]));
    });
    after(() => api.close());

    test('agents and supervisors are refused trunk and number administration; supervisors may read a status', async () => {
      const seeded = (await api.request('GET', '/api/trunks', adam)).body[0].id;
      const adminOnly: Array<[string, string]> = [
        ['GET', '/api/trunks'],
        ['POST', '/api/trunks'],
        ['GET', `/api/trunks/${seeded}`],
        ['PATCH', `/api/trunks/${seeded}`],
        ['DELETE', `/api/trunks/${seeded}`],
        ['GET', '/api/phone-numbers'],
        ['POST', '/api/phone-numbers'],
        ['GET', '/api/phone-numbers/1000'],
        ['PATCH', '/api/phone-numbers/1000'],
        ['DELETE', '/api/phone-numbers/1000'],
      ];
      for (const who of ['alice', 'sara']) {
        const token = await api.tokenOf(who);
        for (const [method, url] of adminOnly) {
          const res = await api.request(method, url, token, {});
          assert.equal(res.status, 403, `${who}: ${method} ${url}`);
          assert.equal(res.body.error.code, 'forbidden');
        }
      }
      for (const [method, url] of [...adminOnly, ['GET', `/api/trunks/${seeded}/status`]] as const) {
        assert.equal((await api.request(method, url)).status, 401, `${method} ${url} without a token`);
      }
      assert.equal((await api.request('GET', `/api/trunks/${seeded}/status`, await api.tokenOf('alice'))).status, 403);
      assert.equal((await api.request('GET', `/api/trunks/${seeded}/status`, await api.tokenOf('sara'))).status, 200);
      assert.equal(api.trunkChanges.count, 0, 'nothing was changed');
      assert.equal((await api.request('GET', '/api/trunks', adam)).body.length, 1);
    });

    describe('trunks', () => {
      test('the seed has the ip trunk local-test for a SIP peer on this machine', async () => {
        const res = await api.request('GET', '/api/trunks', adam);
        assert.equal(res.status, 200);
        const [trunk] = res.body;
        assert.deepEqual(trunk, {
          id: trunk.id,
          name: 'local-test',
          mode: 'ip',
          allowedSources: ['127.0.0.0/8', '::1'],
          outboundHost: '127.0.0.1',
          outboundPort: 5070,
          transport: 'udp',
          username: null,
          hasPassword: false,
          registerExpiresSeconds: 3600,
          defaultCallerId: null,
          enabled: true,
        });
      });

      test('a register trunk round-trips; its password is stored but never returned', async () => {
        const before = api.trunkChanges.count;
        const created = await api.request('POST', '/api/trunks', adam, registerTrunk);
        assert.equal(created.status, 201, JSON.stringify(created.body));
        assert.equal(created.body.hasPassword, true);
        assert.equal('password' in created.body, false);
        assert.equal(created.body.outboundPort, 5060);
        assert.deepEqual(created.body.allowedSources, []);
        assert.equal(api.trunkChanges.count, before + 1);
        const id = created.body.id;

        const read = await api.request('GET', `/api/trunks/${id}`, adam);
        assert.deepEqual(read.body, created.body);
        const listed = await api.app.inject({ method: 'GET', url: '/api/trunks', headers: { authorization: `Bearer ${adam}` } });
        assert.equal(listed.body.includes(SECRET), false, 'the secret appears nowhere in the list');
        assert.equal(listed.body.includes('"password"'), false);
        assert.equal((await new TrunkRepository(api.db).findById(id))?.password, SECRET, 'the gateway gets it in clear');

        const renamed = await api.request('PATCH', `/api/trunks/${id}`, adam, { name: 'Carrier-B', registerExpiresSeconds: 600 });
        assert.equal(renamed.status, 200);
        assert.deepEqual(renamed.body, { ...created.body, name: 'Carrier-B', registerExpiresSeconds: 600 });
        assert.equal((await new TrunkRepository(api.db).findById(id))?.password, SECRET, 'a PATCH without password keeps it');
        assert.equal(api.trunkChanges.count, before + 2);

        const rotated = await api.request('PATCH', `/api/trunks/${id}`, adam, { password: 'new-secret' });
        assert.equal(rotated.body.hasPassword, true);
        assert.equal('password' in rotated.body, false);
        assert.equal((await new TrunkRepository(api.db).findById(id))?.password, 'new-secret');

        assert.equal((await api.request('DELETE', `/api/trunks/${id}`, adam)).status, 204);
        assert.equal((await api.request('GET', `/api/trunks/${id}`, adam)).status, 404);
        assert.equal((await api.request('DELETE', `/api/trunks/${id}`, adam)).status, 404);
        assert.equal(api.trunkChanges.count, before + 4);
      });

      test('validation failures are 400s that say which field and why', async () => {
        const before = api.trunkChanges.count;
        assertFieldErrors(await api.request('POST', '/api/trunks', adam, { name: 'r', mode: 'register' }), ['outboundHost', 'username', 'password'], 'register without credentials');
        const noSources = await api.request('POST', '/api/trunks', adam, { name: 'i', mode: 'ip' });
        assertFieldErrors(noSources, ['allowedSources'], 'ip without sources');
        assert.match(noSources.body.error.message, /at least one address or range/);
        const badSource = await api.request('POST', '/api/trunks', adam, { name: 'i', mode: 'ip', allowedSources: ['10.0.0.0/8', '10.0.0.0/33'] });
        assertFieldErrors(badSource, ['allowedSources.1'], 'bad CIDR');
        assert.match(badSource.body.error.message, /IPv4 or IPv6 address, or a range in CIDR notation/);
        const cases: Array<[Record<string, unknown>, string]> = [
          [{ outboundHost: 'http://sip.example.com' }, 'outboundHost'],
          [{ outboundHost: '10.0.0.300' }, 'outboundHost'],
          [{ outboundPort: 70_000 }, 'outboundPort'],
          [{ transport: 'tls' }, 'transport'],
          [{ registerExpiresSeconds: 30 }, 'registerExpiresSeconds'],
          [{ defaultCallerId: '+49 30 1234' }, 'defaultCallerId'],
          [{ name: 'has space' }, 'name'],
          [{ mode: 'peer' }, 'mode'],
          [{ allowedSources: ['::1', '::1'] }, 'allowedSources'],
        ];
        for (const [change, field] of cases) {
          const body = { name: 'valid', mode: 'ip', allowedSources: ['192.0.2.10'], ...change };
          assertFieldErrors(await api.request('POST', '/api/trunks', adam, body), [field], JSON.stringify(change));
        }
        const ok = await api.request('POST', '/api/trunks', adam, { name: 'v6', mode: 'ip', allowedSources: ['2001:db8::/32', '192.0.2.10'], outboundHost: '2001:db8::5', transport: 'tcp' });
        assert.equal(ok.status, 201, JSON.stringify(ok.body));
        assert.equal((await api.request('POST', '/api/trunks', adam, { name: 'V6', mode: 'ip', allowedSources: ['::1'] })).status, 409, 'names are unique ignoring case');

        const id = ok.body.id;
        assertFieldErrors(await api.request('PATCH', `/api/trunks/${id}`, adam, { mode: 'register' }), ['username', 'password'], 'to register without credentials');
        assertFieldErrors(await api.request('PATCH', `/api/trunks/${id}`, adam, { allowedSources: [] }), ['allowedSources'], 'ip without sources');
        assert.match((await api.request('PATCH', `/api/trunks/${id}`, adam, {})).body.error.message, /at least one field/);
        assert.equal((await api.request('PATCH', `/api/trunks/${id}`, adam, { name: 'LOCAL-TEST' })).status, 409);
        assert.equal((await api.request('PATCH', `/api/trunks/${randomUUID()}`, adam, { enabled: false })).status, 404);
        assert.equal((await api.request('GET', '/api/trunks/not-a-uuid', adam)).status, 400);
        const registered = await api.request('PATCH', `/api/trunks/${id}`, adam, { mode: 'register', username: 'u', password: 'p' });
        assert.equal(registered.status, 200, 'a PATCH that supplies the credentials may switch mode');
        assertFieldErrors(await api.request('PATCH', `/api/trunks/${id}`, adam, { password: null }), ['password'], 'a register trunk keeps its password');
        assert.equal((await api.request('DELETE', `/api/trunks/${id}`, adam)).status, 204);
        assert.equal(api.trunkChanges.count, before + 3, 'create, switch mode, delete; refusals change nothing');
      });

      test('without a gateway, the status follows the mode', async () => {
        const [seeded] = (await api.request('GET', '/api/trunks', adam)).body;
        const ip = await api.request('GET', `/api/trunks/${seeded.id}/status`, adam);
        assert.deepEqual(ip.body, { trunkId: seeded.id, state: 'not-applicable', lastError: null, expiresAt: null, lastRegisteredAt: null });
        const created = await api.request('POST', '/api/trunks', adam, { ...registerTrunk, name: 'status-check' });
        assert.equal((await api.request('GET', `/api/trunks/${created.body.id}/status`, adam)).body.state, 'unregistered');
        assert.equal((await api.request('GET', `/api/trunks/${randomUUID()}/status`, adam)).status, 404);
        await api.request('DELETE', `/api/trunks/${created.body.id}`, adam);
      });
    });

    describe('phone numbers', () => {
      test('the seed routes 1000 to support and 2000 to sales, on local-test', async () => {
        const [trunk] = (await api.request('GET', '/api/trunks', adam)).body;
        const res = await api.request('GET', '/api/phone-numbers', adam);
        assert.equal(res.status, 200);
        assert.deepEqual(res.body, [
          { number: '1000', queueId: queueIds.get('support'), trunkId: trunk.id, label: 'Demo support line' },
          { number: '2000', queueId: queueIds.get('sales'), trunkId: trunk.id, label: 'Demo sales line' },
        ]);
        assert.deepEqual(await new PhoneNumberRepository(api.db).findByNumber('2000'), {
          number: '2000',
          queueId: queueIds.get('sales'),
          queueName: 'sales',
          trunkId: trunk.id,
          label: 'Demo sales line',
        });
        assert.equal(await new PhoneNumberRepository(api.db).findByNumber('+2000'), null, 'an exact match');
      });

      test('create, read (a leading + literal or encoded), change and delete round-trip', async () => {
        const before = api.trunkChanges.count;
        const created = await api.request('POST', '/api/phone-numbers', adam, { number: '+4930123456', queueId: queueIds.get('support') });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        assert.deepEqual(created.body, { number: '+4930123456', queueId: queueIds.get('support'), trunkId: null, label: null });
        assert.deepEqual((await api.request('GET', '/api/phone-numbers/+4930123456', adam)).body, created.body);
        assert.deepEqual((await api.request('GET', '/api/phone-numbers/%2B4930123456', adam)).body, created.body);
        assert.equal((await api.request('GET', '/api/phone-numbers/4930123456', adam)).status, 404);

        const [trunk] = (await api.request('GET', '/api/trunks', adam)).body;
        const moved = await api.request('PATCH', '/api/phone-numbers/%2B4930123456', adam, { queueId: queueIds.get('sales'), trunkId: trunk.id, label: 'Berlin' });
        assert.equal(moved.status, 200);
        assert.deepEqual(moved.body, { number: '+4930123456', queueId: queueIds.get('sales'), trunkId: trunk.id, label: 'Berlin' });
        const unlabelled = await api.request('PATCH', '/api/phone-numbers/+4930123456', adam, { label: null });
        assert.deepEqual(unlabelled.body, { ...moved.body, label: null });
        assert.equal(api.trunkChanges.count, before + 3);

        assert.equal((await api.request('DELETE', '/api/phone-numbers/+4930123456', adam)).status, 204);
        assert.equal((await api.request('DELETE', '/api/phone-numbers/+4930123456', adam)).status, 404);
        assert.equal((await api.request('PATCH', '/api/phone-numbers/+4930123456', adam, { label: 'x' })).status, 404);
        assert.equal(api.trunkChanges.count, before + 4);
      });

      test('a malformed number, an unknown queue or trunk is a 400 naming the field; a taken number a 409', async () => {
        const before = api.trunkChanges.count;
        const support = queueIds.get('support');
        for (const number of ['12 34', 'abc', '1', '+', '0049-30', '1'.repeat(21)]) {
          const res = await api.request('POST', '/api/phone-numbers', adam, { number, queueId: support });
          assertFieldErrors(res, ['number'], number);
          assert.match(res.body.error.message, /digits with an optional leading \+/);
        }
        assertFieldErrors(await api.request('POST', '/api/phone-numbers', adam, { number: '3000', queueId: randomUUID() }), ['queueId'], 'unknown queue');
        assertFieldErrors(await api.request('POST', '/api/phone-numbers', adam, { number: '3000', queueId: 'support' }), ['queueId'], 'a queue name, not an id');
        assertFieldErrors(await api.request('POST', '/api/phone-numbers', adam, { number: '3000', queueId: support, trunkId: randomUUID() }), ['trunkId'], 'unknown trunk');
        assertFieldErrors(await api.request('PATCH', '/api/phone-numbers/1000', adam, { queueId: randomUUID() }), ['queueId'], 'unknown queue on PATCH');
        assert.match((await api.request('PATCH', '/api/phone-numbers/1000', adam, {})).body.error.message, /at least one field/);
        assert.equal((await api.request('GET', '/api/phone-numbers/not-a-number', adam)).status, 400);

        const taken = await api.request('POST', '/api/phone-numbers', adam, { number: '1000', queueId: queueIds.get('sales') });
        assert.equal(taken.status, 409);
        assert.equal(taken.body.error.code, 'conflict');
        assert.match(taken.body.error.message, /1000 is already assigned/);
        assert.equal(api.trunkChanges.count, before, 'refusals change nothing');
        assert.equal((await api.request('GET', '/api/phone-numbers', adam)).body.length, 2);
      });

      test('a queue that numbers lead to cannot be deleted (409 naming them) until they go', async () => {
        const queue = await api.request('POST', '/api/queues', adam, { name: 'hotline', displayName: 'Hotline' });
        await api.request('POST', '/api/phone-numbers', adam, { number: '5000', queueId: queue.body.id });
        const blocked = await api.request('DELETE', `/api/queues/${queue.body.id}`, adam);
        assert.equal(blocked.status, 409);
        assert.equal(blocked.body.error.code, 'conflict');
        assert.match(blocked.body.error.message, /Phone numbers lead to this queue \(5000\)/);
        assert.equal((await api.request('GET', `/api/queues/${queue.body.id}`, adam)).status, 200);
        await api.request('DELETE', '/api/phone-numbers/5000', adam);
        assert.equal((await api.request('DELETE', `/api/queues/${queue.body.id}`, adam)).status, 204);
      });

      test('deleting a trunk keeps its numbers, tied to no trunk', async () => {
        const trunk = await api.request('POST', '/api/trunks', adam, { name: 'short-lived', mode: 'ip', allowedSources: ['198.51.100.0/24'] });
        await api.request('POST', '/api/phone-numbers', adam, { number: '6000', queueId: queueIds.get('sales'), trunkId: trunk.body.id });
        assert.equal((await api.request('DELETE', `/api/trunks/${trunk.body.id}`, adam)).status, 204);
        assert.equal((await api.request('GET', '/api/phone-numbers/6000', adam)).body.trunkId, null);
        await api.request('DELETE', '/api/phone-numbers/6000', adam);
      });
    });

    test("a queue's outbound caller ID is set, cleared and validated like a phone number", async () => {
      const support = queueIds.get('support')!;
      assert.equal((await api.request('GET', `/api/queues/${support}`, adam)).body.outboundCallerId, null);
      api.queueChanges.length = 0;
      const set = await api.request('PATCH', `/api/queues/${support}`, adam, { outboundCallerId: '+4930123456' });
      assert.equal(set.status, 200);
      assert.equal(set.body.outboundCallerId, '+4930123456');
      assert.deepEqual(api.queueChanges, [support]);
      assert.equal((await api.request('GET', '/api/queues', await api.tokenOf('sara'))).body.find((q: any) => q.id === support).outboundCallerId, '+4930123456');
      assertFieldErrors(await api.request('PATCH', `/api/queues/${support}`, adam, { outboundCallerId: 'anonymous' }), ['outboundCallerId'], 'not a number');
      assert.equal((await api.request('PATCH', `/api/queues/${support}`, adam, { outboundCallerId: null })).body.outboundCallerId, null);
      const created = await api.request('POST', '/api/queues', adam, { name: 'outbound', displayName: 'Outbound', outboundCallerId: '1000' });
      assert.equal(created.body.outboundCallerId, '1000');
      await api.request('DELETE', `/api/queues/${created.body.id}`, adam);
    });

    test('the OpenAPI document marks the trunk password write-only and never answers it', async () => {
      const doc = (await api.request('GET', '/api/docs')).body;
      const create = doc.paths['/api/trunks'].post;
      const input = create.requestBody.content['application/json'].schema;
      assert.equal(input.properties.password.writeOnly, true);
      assert.deepEqual([...input.required].sort(), ['mode', 'name']);
      const output = create.responses['201'].content['application/json'].schema;
      assert.equal(output.properties.password, undefined);
      assert.equal(output.properties.hasPassword.type, 'boolean');
      assert.deepEqual(doc.paths['/api/trunks/{id}/status'].get['x-roles'], ['supervisor', 'admin']);
      assert.equal(doc.paths['/api/phone-numbers/{number}'].get.parameters[0].in, 'path');
    });
  });

  describe(`trunk status from the gateway on ${backend.name}`, () => {
    let api: RestApi;
    const asked: string[] = [];
    before(async () => {
      api = await openRestApi(backend, {
        trunkStatus: (trunkId): TrunkRegistrationStatus => {
          asked.push(trunkId);
          return { trunkId, state: 'failed', lastError: '403 Forbidden', expiresAt: null, lastRegisteredAt: '2024-05-01T10:00:00.000Z' };
        },
      });
    });
    after(() => api.close());

    test("the gateway's answer is passed through, for trunks that exist", async () => {
      const adam = await api.tokenOf('adam');
      const [trunk] = (await api.request('GET', '/api/trunks', adam)).body;
      const res = await api.request('GET', `/api/trunks/${trunk.id}/status`, await api.tokenOf('sara'));
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { trunkId: trunk.id, state: 'failed', lastError: '403 Forbidden', expiresAt: null, lastRegisteredAt: '2024-05-01T10:00:00.000Z' });
      assert.equal((await api.request('GET', `/api/trunks/${randomUUID()}/status`, adam)).status, 404);
      assert.deepEqual(asked, [trunk.id]);
    });
  });
}
