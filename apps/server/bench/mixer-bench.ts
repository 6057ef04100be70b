/**
 * Mixer and recorder benchmark (run by hand; prints numbers, asserts nothing):
 *   MEDIASOUP_WORKER_BIN=... node --import tsx bench/mixer-bench.ts [calls] [seconds]
 * Default 10 calls, measured over 20 s after 3 s of warm-up, one mediasoup worker. The
 * phones (tone senders) run in a child process and are not counted. Scenarios:
 * - direct: two G.711 phones per call, each hearing the other untouched (the baseline);
 * - conference: three phones per call (G.711, G.711, Opus): each leg needs a mix, so
 *   three mixed legs per call;
 * - recorded: the direct call plus its recording (WAV on local disk, metadata in an
 *   in-memory PGlite).
 * For each: CPU seconds per second (this process + the worker) per call. Conference:
 * the extra CPU per mixed leg over direct (the third party's forwarding included, which
 * is small), and the mixer's added latency (packet arrival at the tap to its mix sent),
 * p50/p95/max. Recorded: the extra CPU per recorded call and the disk bytes per minute.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { CallRecorder } from '../src/calls/call-recorder.ts';
import { createLogger } from '../src/logging/logger.ts';
import { CallRoom, type PhoneCodec } from '../src/media/call-room.ts';
import { routerMediaCodecs } from '../src/media/codecs.ts';
import { openDatabase } from '../src/persistence/open-database.ts';
import { seedDemo } from '../src/persistence/seed.ts';
import { QueueRepository } from '../src/queues/queue-repository.ts';
import { LocalDiskStore } from '../src/recordings/local-disk-store.ts';
import { RecordingRepository } from '../src/recordings/recording-repository.ts';

const CALLS = Number(process.argv[2] ?? 10);
const SECONDS = Number(process.argv[3] ?? 20);
const PCMU: PhoneCodec = { mimeType: 'audio/PCMU', payloadType: 0, clockRate: 8000, channels: 1 };
const OPUS: PhoneCodec = { mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 };
const log = createLogger('warn');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const phones = fork(resolve(import.meta.dirname, 'tone-phones-child.ts'), { execArgv: ['--import', 'tsx'] });
function ask<T>(message: object): Promise<T> {
  return new Promise((done) => {
    phones.once('message', (reply) => done(reply as T));
    phones.send(message);
  });
}

function cpuSeconds(worker: types.Worker): number {
  const self = process.cpuUsage();
  const stat = readFileSync(`/proc/${worker.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (self.user + self.system) / 1e6 + (Number(fields[11]) + Number(fields[12])) / 100;
}

async function call(worker: types.Worker, legs: Array<{ codec: PhoneCodec; hz: number; role: 'customer' | 'agent' }>) {
  const router = await worker.createRouter({ mediaCodecs: routerMediaCodecs });
  const room = new CallRoom(randomUUID(), router, undefined as unknown as types.WebRtcServer, log);
  const { ports } = await ask<{ ports: number[] }>({ open: legs.map(({ codec, hz }) => ({ codec, hz })) });
  const starts: Array<{ port: number; ssrc: number }> = [];
  for (const [i, leg] of legs.entries()) {
    const ssrc = 1000 + i;
    const { localPort } = await room.addPhoneLeg({ key: `${leg.role}:${i}`, role: leg.role }, { codec: leg.codec, ssrc, relayPort: ports[i]! });
    starts.push({ port: localPort, ssrc });
  }
  await ask({ start: starts });
  return room;
}

async function measure(worker: types.Worker, rooms: CallRoom[]) {
  await sleep(3000);
  const before = cpuSeconds(worker);
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const cpu = cpuSeconds(worker) - before;
  const seconds = (performance.now() - t0) / 1000;
  const mixer = (await Promise.all(rooms.map((r) => r.mixerStats()))).filter((s) => s !== null);
  return { cpuPerSecond: cpu / seconds, mixer };
}

const worker = await mediasoup.createWorker({ logLevel: 'warn' });
const db = await openDatabase({ url: undefined, dataDir: null });
await seedDemo(db, { ringTimeoutMs: 20_000, wrapUpMs: 0 });
const queueId = (await new QueueRepository(db).list())[0]!.id;
const recordingsDir = mkdtempSync(join(tmpdir(), 'cc-bench-recordings-'));
const recordingDeps = {
  store: new LocalDiskStore(recordingsDir),
  repository: new RecordingRepository(db),
  cipher: null,
  nodeId: 'bench',
  log,
};

const two = [
  { codec: PCMU, hz: 440, role: 'customer' as const },
  { codec: PCMU, hz: 1000, role: 'agent' as const },
];
const three = [...two, { codec: OPUS, hz: 1500, role: 'agent' as const }];

async function scenario(name: string, legs: typeof two, record: boolean) {
  const rooms: CallRoom[] = [];
  const recorders: CallRecorder[] = [];
  for (let i = 0; i < CALLS; i++) {
    const room = await call(worker, legs);
    rooms.push(room);
    if (record) {
      await new CallRecordRepository(db).create({
        id: room.callId,
        queueId,
        channel: 'pstn',
        callerLabel: 'bench',
        offeredAt: new Date(),
        nodeId: 'bench',
        direction: 'inbound',
        remoteNumber: null,
      });
      recorders.push(await CallRecorder.start(recordingDeps, room, { id: room.callId, queueId }));
    }
  }
  const result = await measure(worker, rooms);
  await Promise.all(recorders.map((r) => r.stop()));
  for (const room of rooms) room.close();
  await sleep(1000);
  return { name, ...result };
}

const direct = await scenario('direct', two, false);
const conference = await scenario('conference', three, false);
const recorded = await scenario('recorded', two, true);

const perCall = (s: { cpuPerSecond: number }) => s.cpuPerSecond / CALLS;
console.log(`${CALLS} calls, ${SECONDS} s measured each, 1 mediasoup worker`);
for (const s of [direct, conference, recorded]) {
  console.log(`${s.name.padEnd(10)} CPU ${(s.cpuPerSecond * 100).toFixed(1)} % of a core in all, ${(perCall(s) * 1000).toFixed(1)} ms/s per call`);
}
const mixedLegs = 3 * CALLS;
console.log(
  `mixing: ${(((conference.cpuPerSecond - direct.cpuPerSecond) / mixedLegs) * 1000).toFixed(2)} ms CPU per second per mixed leg ` +
    `(${(((conference.cpuPerSecond - direct.cpuPerSecond) / mixedLegs) * 100).toFixed(2)} % of a core)`,
);
const latency = conference.mixer;
const avg = (f: (m: (typeof latency)[number]) => number) => latency.reduce((n, m) => n + f(m), 0) / latency.length;
console.log(
  `mixer latency over ${latency.length} calls: p50 ${avg((m) => m.latencyP50Ms).toFixed(1)} ms, p95 ${avg((m) => m.latencyP95Ms).toFixed(1)} ms, ` +
    `max ${Math.max(...latency.map((m) => m.latencyMaxMs)).toFixed(1)} ms; underruns ${latency.reduce((n, m) => n + m.underruns, 0)}`,
);
console.log(`recording: ${(((recorded.cpuPerSecond - direct.cpuPerSecond) / CALLS) * 1000).toFixed(2)} ms CPU per second per recorded call`);
const files = readdirSync(recordingsDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.wav'));
const bytes = files.reduce((n, f) => n + statSync(join(recordingsDir, f)).size, 0);
const recordedMinutes = (CALLS * (SECONDS + 3)) / 60;
console.log(`disk: ${files.length} files, ${(bytes / recordedMinutes / 1e6).toFixed(2)} MB per recorded minute (WAV 16 kHz stereo 16-bit)`);

phones.disconnect();
worker.close();
await db.close();
