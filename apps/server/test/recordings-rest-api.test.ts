import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Recording } from '@cc/shared';
import { pino } from 'pino';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import type { RecordingRouteDeps } from '../src/http/recording-routes.ts';
import { QueueRepository } from '../src/queues/queue-repository.ts';
import { TeamRepository } from '../src/teams/team-repository.ts';
import { UserRepository } from '../src/users/user-repository.ts';
import { LocalDiskStore } from '../src/recordings/local-disk-store.ts';
import { RecordingCipher } from '../src/recordings/recording-cipher.ts';
import { RecordingRepository } from '../src/recordings/recording-repository.ts';
import { RecordingSession } from '../src/recordings/recording-session.ts';
import { databaseBackends } from './database-backends.ts';
import { type RestApi, SECRET, openRestApi } from './rest-api-fixture.ts';
import { decodeWav, stereoTones } from './wav-decoder.ts';

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

for (const backend of databaseBackends()) {
  describe(`recordings REST API on ${backend.name}`, () => {
    let api: RestApi;
    let root: string;
    let routes: RecordingRouteDeps;
    const ids = { alice: '', bob: '', support: '', call: '', plain: '', sealed: '' };
    const tokens = { adam: '', sara: '', alice: '', bob: '' };

    /**
     * One call answered by Alice, recorded twice with the same audio: once plain, once
     * encrypted with Bob added as a participant (as after a transfer). Each: 1 s of
     * tones, 0.5 s on hold, 0.5 s paused by Alice, 0.5 s more.
     */
    async function recordCall(cipher: RecordingCipher | null, extraAgent: string | null): Promise<string> {
      const session = await RecordingSession.start(
        { recordingId: randomUUID(), callId: ids.call, queueId: ids.support, agentIds: [ids.alice] },
        { store: routes.store, repository: new RecordingRepository(api.db), cipher, nodeId: 'node-test', log },
      );
      const play = (fromMs: number, ms: number) => {
        for (let at = fromMs; at < fromMs + ms; at += 20) session.write(stereoTones(20, at * 16));
      };
      play(0, 1_000);
      session.holdStarted();
      play(1_000, 500);
      session.holdEnded();
      session.pause(ids.alice);
      play(1_500, 500);
      session.resume();
      play(2_000, 500);
      if (extraAgent) session.addAgent(extraAgent);
      const finished = await session.finish();
      assert.equal(finished?.state, 'complete');
      return session.id;
    }

    before(async () => {
      root = await mkdtemp(join(tmpdir(), 'recordings-api-'));
      const cipher = new RecordingCipher(randomBytes(32));
      routes = { store: new LocalDiskStore(root), cipher, agentAccess: 'none', urlSecret: SECRET };
      api = await openRestApi(backend, { recordings: routes });
      for (const name of ['adam', 'sara', 'alice', 'bob'] as const) tokens[name] = await api.tokenOf(name);
      ids.alice = await api.idOf('alice');
      ids.bob = await api.idOf('bob');
      ids.support = (await new QueueRepository(api.db).findByName('support'))!.id;
      ids.call = randomUUID();
      const calls = new CallRecordRepository(api.db);
      await calls.create({ id: ids.call, queueId: ids.support, channel: 'web', callerLabel: 'Caller', offeredAt: new Date(), nodeId: 'node-test' });
      await calls.markAnswered(ids.call, ids.alice, new Date());
      ids.plain = await recordCall(null, null);
      ids.sealed = await recordCall(cipher, ids.bob);
    });
    after(async () => {
      await api.close();
      await rm(root, { recursive: true, force: true });
    });

    const audio = (id: string, token: string | null, headers: Record<string, string> = {}, query = '') =>
      api.app.inject({
        method: 'GET',
        url: `/api/recordings/${id}/audio${query}`,
        headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });

    test('metadata: state, checksum of the stored file, duration, agents, and the hold and pause marks', async () => {
      const res = await api.request('GET', `/api/recordings/${ids.sealed}`, tokens.sara);
      assert.equal(res.status, 200);
      const recording = Recording.parse(res.body);
      const file = await readFile(join(root, (await new RecordingRepository(api.db).get(ids.sealed))!.storageKey));
      assert.deepEqual(
        { ...recording, marks: recording.marks.map(({ kind, startMs, endMs, byUserId }) => ({ kind, startMs, endMs, byUserId })) },
        {
          ...recording,
          format: 'wav',
          sampleRate: 16_000,
          channels: 2,
          encrypted: true,
          state: 'complete',
          durationMs: 2_500,
          bytes: file.length,
          sha256: createHash('sha256').update(file).digest('hex'),
          agentIds: [ids.alice, ids.bob],
          marks: [
            { kind: 'hold', startMs: 1_000, endMs: 1_500, byUserId: null },
            { kind: 'pause', startMs: 1_500, endMs: 2_000, byUserId: ids.alice },
          ],
        },
      );
      assert.ok(!('storageKey' in res.body), 'where the file lies stays on the server');
      const list = await api.request('GET', `/api/recordings?callId=${ids.call}`, tokens.adam);
      assert.deepEqual(list.body.map((r: any) => r.id), [ids.plain, ids.sealed]);
      assert.equal((await api.request('GET', `/api/recordings/${randomUUID()}`, tokens.adam)).status, 404);
      assert.equal((await api.request('GET', '/api/recordings/not-an-id', tokens.adam)).status, 400);
      assert.equal((await api.request('GET', '/api/recordings', tokens.adam)).status, 400);
    });

    test('audio: a WAV with the customer left and the agent right; the paused span is silence, the hold span plays', async () => {
      for (const id of [ids.plain, ids.sealed]) {
        const res = await audio(id, tokens.sara);
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-type'], 'audio/wav');
        assert.equal(res.headers['accept-ranges'], 'bytes');
        assert.equal(Number(res.headers['content-length']), res.rawPayload.length);
        const wav = decodeWav(res.rawPayload);
        assert.equal(wav.channels, 2);
        assert.equal(wav.sampleRate, 16_000);
        assert.equal(wav.durationMs, 2_500);
        const tones = stereoTones(2_500);
        const frameAt = (ms: number) => (ms * 16_000) / 1000;
        for (let f = 0; f < wav.samples[0]!.length; f++) {
          const paused = f >= frameAt(1_500) && f < frameAt(2_000);
          const [left, right] = paused ? [0, 0] : [tones[2 * f], tones[2 * f + 1]];
          if (wav.samples[0]![f] !== left || wav.samples[1]![f] !== right) assert.fail(`frame ${f} (${paused ? 'paused' : 'audio'}) differs`);
        }
      }
      const plain = (await audio(ids.plain, tokens.sara)).rawPayload;
      assert.ok((await audio(ids.sealed, tokens.sara)).rawPayload.equals(plain), 'encrypted at rest, served the same');
    });

    test('range requests: 206 with Content-Range for a-b, a- and -n; 416 past the end', async () => {
      for (const id of [ids.plain, ids.sealed]) {
        const whole = (await audio(id, tokens.adam)).rawPayload;
        const size = whole.length;
        for (const [range, start, end] of [
          ['bytes=0-43', 0, 43],
          ['bytes=40-64100', 40, 64_100],
          ['bytes=100000-', 100_000, size - 1],
          ['bytes=-10', size - 10, size - 1],
          [`bytes=${size - 1}-${size + 1000}`, size - 1, size - 1],
        ] as const) {
          const res = await audio(id, tokens.adam, { range });
          assert.equal(res.statusCode, 206, range);
          assert.equal(res.headers['content-range'], `bytes ${start}-${end}/${size}`, range);
          assert.equal(Number(res.headers['content-length']), end - start + 1, range);
          assert.ok(res.rawPayload.equals(whole.subarray(start, end + 1)), range);
        }
        for (const range of [`bytes=${size}-`, `bytes=${size + 5}-${size + 9}`, 'bytes=-0']) {
          const res = await audio(id, tokens.adam, { range });
          assert.equal(res.statusCode, 416, range);
          assert.equal(res.headers['content-range'], `bytes */${size}`, range);
        }
        assert.equal((await audio(id, tokens.adam, { range: 'bytes=0-1,4-5' })).statusCode, 200, 'several ranges: the whole file');
      }
    });

    test('who may open: admins, the supervisors of the agent’s team; agents not at all by default', async () => {
      assert.equal((await audio(ids.plain, null)).statusCode, 401);
      assert.equal((await api.request('GET', `/api/recordings/${ids.plain}`, null)).status, 401);
      for (const name of ['adam', 'sara'] as const) {
        assert.equal((await api.request('GET', `/api/recordings/${ids.plain}`, tokens[name])).status, 200, name);
        assert.equal((await audio(ids.plain, tokens[name])).statusCode, 200, name);
      }
      // A supervisor of another team does not see Alice's call, nor its recordings.
      const otherTeam = randomUUID();
      const users = new UserRepository(api.db);
      const sven = await users.create({ id: randomUUID(), username: `sven-${otherTeam.slice(0, 8)}`, displayName: 'Sven', role: 'supervisor', passwordHash: 'x' });
      await new TeamRepository(api.db).create({ id: otherTeam, name: `Team ${otherTeam.slice(0, 8)}`, supervisorIds: [sven.id] });
      const svenToken = (await api.tokens.issueUserToken(sven)).token;
      const forSven = await api.request('GET', `/api/recordings?callId=${ids.call}`, svenToken);
      assert.deepEqual([forSven.status, forSven.body], [200, []]);
      for (const url of [`/api/recordings/${ids.plain}`, `/api/recordings/${ids.sealed}/audio-url`]) {
        const refused = await api.request('GET', url, svenToken);
        assert.deepEqual([refused.status, refused.body.error.message], [403, 'You may open only recordings of calls in your teams’ share.'], url);
      }
      assert.equal((await audio(ids.plain, svenToken)).statusCode, 403);
      assert.equal((await api.request('GET', `/api/calls/${ids.call}`, svenToken)).status, 404, 'nor the call itself');
      routes.agentAccess = 'none';
      for (const [method, url] of [
        ['GET', `/api/recordings?callId=${ids.call}`],
        ['GET', `/api/recordings/${ids.plain}`],
        ['GET', `/api/recordings/${ids.plain}/audio-url`],
      ]) {
        assert.equal((await api.request(method!, url!, tokens.alice)).status, 403, url);
      }
      assert.equal((await audio(ids.plain, tokens.alice)).statusCode, 403);
    });

    test('RECORDINGS_AGENT_ACCESS=own: an agent opens the recordings of calls they took part in, and no others', async () => {
      routes.agentAccess = 'own';
      try {
        // Alice answered the call; Bob joined only the second recording.
        const forAlice = await api.request('GET', `/api/recordings?callId=${ids.call}`, tokens.alice);
        assert.deepEqual(forAlice.body.map((r: any) => r.id), [ids.plain, ids.sealed]);
        const forBob = await api.request('GET', `/api/recordings?callId=${ids.call}`, tokens.bob);
        assert.deepEqual(forBob.body.map((r: any) => r.id), [ids.sealed]);
        assert.equal((await audio(ids.plain, tokens.alice)).statusCode, 200);
        assert.equal((await audio(ids.sealed, tokens.bob)).statusCode, 200);
        assert.equal((await audio(ids.plain, tokens.bob)).statusCode, 403);
        assert.equal((await api.request('GET', `/api/recordings/${ids.plain}`, tokens.bob)).status, 403);
        assert.equal((await api.request('GET', `/api/recordings/${ids.plain}/audio-url`, tokens.bob)).status, 403);
      } finally {
        routes.agentAccess = 'none';
      }
    });

    test('a signed audio URL plays without a header, for its recording only, and access is checked again', async () => {
      const signed = await api.request('GET', `/api/recordings/${ids.sealed}/audio-url`, tokens.sara);
      assert.equal(signed.status, 200);
      assert.ok(Date.parse(signed.body.expiresAt) > Date.now());
      const url: string = signed.body.url;
      assert.match(url, new RegExp(`^/api/recordings/${ids.sealed}/audio\\?`));
      const played = await api.app.inject({ method: 'GET', url, headers: { range: 'bytes=0-43' } });
      assert.equal(played.statusCode, 206);
      assert.equal(played.rawPayload.toString('ascii', 0, 4), 'RIFF');

      const query = url.slice(url.indexOf('?'));
      assert.equal((await audio(ids.plain, null, {}, query)).statusCode, 401, 'another recording');
      const forged = query.replace(/signature=[^&]+/, `signature=${'A'.repeat(43)}`);
      assert.equal((await audio(ids.sealed, null, {}, forged)).statusCode, 401, 'a forged signature');
      const otherUser = query.replace(/user=[^&]+/, `user=${ids.alice}`);
      assert.equal((await audio(ids.sealed, null, {}, otherUser)).statusCode, 401, 'signed for someone else');

      // Alice's URL stops working once agents lose access.
      routes.agentAccess = 'own';
      const forAlice = await api.request('GET', `/api/recordings/${ids.plain}/audio-url`, tokens.alice);
      assert.equal((await api.app.inject({ method: 'GET', url: forAlice.body.url })).statusCode, 200);
      routes.agentAccess = 'none';
      assert.equal((await api.app.inject({ method: 'GET', url: forAlice.body.url })).statusCode, 403);
    });

    test('a recording without its key, altered, or gone is an error answer, not noise', async () => {
      const stored = (await new RecordingRepository(api.db).get(ids.sealed))!;
      const path = join(root, stored.storageKey);
      const withoutKey = routes.cipher;
      routes.cipher = null;
      try {
        const res = await audio(ids.sealed, tokens.adam);
        assert.equal(res.statusCode, 503);
        assert.match(res.json().error.message, /encrypted with a key/);
      } finally {
        routes.cipher = withoutKey;
      }
      const altered = await readFile(path);
      altered[100] = altered[100]! ^ 0x01;
      await writeFile(path, altered);
      const refused = await audio(ids.sealed, tokens.adam);
      assert.equal(refused.statusCode, 500);
      assert.equal(refused.json().error.code, 'internal');
      await routes.store.remove(stored.storageKey);
      assert.equal((await audio(ids.sealed, tokens.adam)).statusCode, 404);
    });

    test('the OpenAPI document lists the recording routes, audio with its signed-URL parameters', async () => {
      const doc = (await api.request('GET', '/api/docs')).body;
      for (const path of ['/api/recordings', '/api/recordings/{id}', '/api/recordings/{id}/audio-url', '/api/recordings/{id}/audio']) {
        assert.ok(doc.paths[path]?.get, path);
      }
      const audioOp = doc.paths['/api/recordings/{id}/audio'].get;
      assert.deepEqual(audioOp.parameters.map((p: any) => p.name).sort(), ['expires', 'id', 'signature', 'user']);
    });

    test('queues carry their recording policy: the demo records support always and sales on demand', async () => {
      const queues = await api.request('GET', '/api/queues', tokens.sara);
      assert.deepEqual(
        Object.fromEntries(queues.body.map((q: any) => [q.name, q.recordingPolicy])),
        { sales: 'on-demand', support: 'all' },
      );
      const changed = await api.request('PATCH', `/api/queues/${ids.support}`, tokens.adam, { recordingPolicy: 'on-demand' });
      assert.equal(changed.body.recordingPolicy, 'on-demand');
      assert.equal(await new QueueRepository(api.db).recordingPolicyOf(ids.support), 'on-demand');
      assert.equal(await new QueueRepository(api.db).recordingPolicyOf(randomUUID()), null);
      const refused = await api.request('PATCH', `/api/queues/${ids.support}`, tokens.adam, { recordingPolicy: 'sometimes' });
      assert.equal(refused.status, 400);
      assert.match(refused.body.error.message, /recordingPolicy/);
      const created = await api.request('POST', '/api/queues', tokens.adam, { name: 'billing', displayName: 'Billing' });
      assert.equal(created.body.recordingPolicy, 'none');
    });
  });
}
