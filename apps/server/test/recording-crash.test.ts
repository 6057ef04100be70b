import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { io } from 'socket.io-client';
import { openDatabase } from '../src/persistence/open-database.ts';
import { seedDemo } from '../src/persistence/seed.ts';
import { command, nextEvent, sleep, type ClientSocket } from './harness.ts';
import { runSipp } from './sipp.ts';
import { spawnServer, type SpawnedServer } from './spawn-server.ts';
import { goertzelAmplitude } from './tone-phone.ts';

/**
 * A server killed (SIGKILL) in the middle of a recorded phone call: the file on disk
 * holds the audio up to the last second made durable, and the next start finds the
 * recording, repairs the file and marks it interrupted with a matching checksum.
 */
const adminUrl = process.env.TEST_DATABASE_URL;
let admin: pg.Client | null = null;
let dbName = '';
const servers: SpawnedServer[] = [];
const sockets: ClientSocket[] = [];

after(async () => {
  for (const s of sockets) s.disconnect();
  for (const s of servers) await s.kill('SIGKILL');
  if (admin) {
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
});

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  });
  return ((await res.json()) as { token: string }).token;
}

test('kill -9 mid-recording: the file plays up to the crash and the next start marks it interrupted', { skip: !adminUrl && 'needs TEST_DATABASE_URL' }, async () => {
  admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  dbName = `cc_crash_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await admin.query(`create database ${dbName}`);
  const dbUrl = new URL(adminUrl!);
  dbUrl.pathname = `/${dbName}`;
  const seeded = await openDatabase({ url: dbUrl.toString(), dataDir: null });
  await seedDemo(seeded, { ringTimeoutMs: 20_000, wrapUpMs: 0 });
  await seeded.close();

  const sipPort = 27000 + (process.pid % 200) * 5;
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-crash-'));
  const env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: dbUrl.toString(),
    SEED_DEMO: 'false',
    DATA_DIR: dataDir,
    SESSION_SECRET: randomBytes(24).toString('hex'),
    NODE_ID: 'crash-node',
    MEDIA_WORKERS: '1',
    RTC_PORT: String(23100 + (process.pid % 40) * 10),
    MEDIA_PORT_MIN: '40000',
    MEDIA_PORT_MAX: '59999',
    SIP_ENABLED: 'true',
    SIP_PORT: String(sipPort),
    SIP_RTP_PORT_MIN: '33000',
    SIP_RTP_PORT_MAX: '33099',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
  };
  const first = await spawnServer(env, { label: 'doomed' });
  servers.push(first);

  const agent = io(first.url, { auth: { token: await login(first.url, 'alice') }, transports: ['websocket'] }) as ClientSocket;
  sockets.push(agent);
  await nextEvent(agent, 'session:ready', () => true, 10_000);
  assert.equal((await command(agent, 'agent:set-status', { status: 'available' })).ok, true);

  // The phone calls the support number (the demo queue records all calls) and plays 440 Hz.
  const phone = runSipp('long-tone-call', { port: sipPort }, { timeoutS: 15 });
  const offer = await nextEvent(agent, 'call:offered', () => true, 10_000);
  const answered = await command(agent, 'call:answer', { callId: offer.callId });
  assert.equal(answered.ok, true, JSON.stringify(answered));
  await sleep(4500);
  await first.kill('SIGKILL');
  agent.disconnect();

  const second = await spawnServer(env, { label: 'restarted' });
  servers.push(second);
  const token = await login(second.url, 'sara');
  const api = async (path: string) => fetch(`${second.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const listed = (await (await api(`/api/recordings?callId=${offer.callId}`)).json()) as any;
  const recordings = listed.items ?? listed;
  assert.equal(recordings.length, 1, JSON.stringify(listed));
  const recording = recordings[0];
  assert.equal(recording.state, 'interrupted');
  // About 4.5 s were recorded; at most the last ~2 s before the kill may be lost.
  assert.ok(recording.durationMs >= 2000 && recording.durationMs <= 5500, `duration ${recording.durationMs} ms`);

  // The stored file's checksum is the one in the metadata.
  const file = readdirSync(join(dataDir, 'recordings'), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith(`${recording.id}.wav`));
  assert.ok(file, 'the file is in RECORDINGS_DIR (DATA_DIR/recordings)');
  const stored = readFileSync(join(dataDir, 'recordings', file));
  assert.equal(createHash('sha256').update(stored).digest('hex'), recording.sha256);

  // It plays: a valid WAV whose left channel (the phone) carries the 440 Hz tone.
  const audio = Buffer.from(await (await api(`/api/recordings/${recording.id}/audio`)).arrayBuffer());
  assert.equal(audio.toString('ascii', 0, 4), 'RIFF');
  assert.equal(audio.toString('ascii', 8, 12), 'WAVE');
  const channels = audio.readUInt16LE(22);
  const rate = audio.readUInt32LE(24);
  assert.equal(channels, 2);
  const dataSize = audio.readUInt32LE(40);
  assert.equal(dataSize, audio.length - 44, 'the header was repaired to the real length');
  const frames = dataSize / 4;
  const left = new Int16Array(frames);
  const right = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    left[i] = audio.readInt16LE(44 + i * 4);
    right[i] = audio.readInt16LE(46 + i * 4);
  }
  const middle = (s: Int16Array) => s.subarray(Math.floor(frames / 2), Math.floor(frames / 2) + rate / 2);
  const phoneTone = goertzelAmplitude(middle(left), 440, rate);
  assert.ok(phoneTone > 1000, `the phone's tone is on the left: ${phoneTone.toFixed(0)}`);
  assert.ok(goertzelAmplitude(middle(right), 440, rate) < phoneTone / 20, 'and not on the right (the agent sent no audio)');
  console.log(`recorded ${recording.durationMs} ms of the 4500 ms before the kill; 440 Hz level ${phoneTone.toFixed(0)}`);
  await phone;
});
