/**
 * SIP-to-WebRTC benchmark (run by hand; prints numbers, asserts nothing):
 *   MEDIASOUP_WORKER_BIN=... node --expose-gc --import tsx bench/sip-bench.ts [levels] [holdSeconds] [workers]
 * Default levels 10,50,100; each call is held 25 s after the answer; 1 mediasoup worker.
 *
 * For each level, a fresh server in this process (bench/sip-load-rig.ts), that many
 * simulated WebRTC agents in child processes, and SIPp placing that many concurrent
 * calls with RTP. Measured:
 * - INVITE → 180 at the phone: SIPp's short-message trace (send and receive times).
 * - answer → first RTP at the phone: from the gateway's 200 OK to the first agent
 *   packet the gateway relays to the phone (the load rig's tap on each phone leg). It
 *   covers the agent's whole media set-up (transports, ICE, DTLS, produce).
 * - CPU seconds per call-minute: this process (the server: signalling, SIP, the RTP
 *   relay) plus the mediasoup workers (/proc/<pid>/stat), over a 10 s window while
 *   every call is up ("steady"), and over the whole run from the first INVITE to the
 *   last BYE divided by the call-minutes carried ("all-in": set-up and tear-down too).
 *   The agents' processes and SIPp are not counted: they stand for browsers and phones.
 * - Memory per call: this process's JS heap in use plus the workers' resident memory,
 *   right after the steady window, less the same just before the first INVITE, divided
 *   by the calls (see serverMemory for why not this process's RSS).
 * The agents talk continuously, as a browser does. On a two-core machine a hundred of
 * them (libwebrtc) take more CPU than the server, so at 100 calls their media set-up
 * lags (answer → first RTP then measures the agents more than the server) and a note
 * says how many calls carried agent audio when the steady window began.
 */
import { readFileSync } from 'node:fs';
import { now, startSipLoadRig, type SipLoadRig } from './sip-load-rig.ts';

const levels = (process.argv[2] ?? '10,50,100').split(',').map(Number);
const HOLD_MS = Number(process.argv[3] ?? 25) * 1000;
const WORKERS = Number(process.argv[4] ?? 1);
/** Calls per second SIPp starts: 100 calls are all placed within 5 s. */
const MAX_RATE = 20;
const STEADY_WINDOW_MS = 10_000;
const CLOCK_TICKS = 100; // USER_HZ on Linux

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds and resident bytes of a process, from /proc. */
function procUsage(pid: number): { cpu: number; rss: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpu = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpu, rss: rssKb * 1024 };
}

/** The server under test: this process and its mediasoup workers. */
function workerPids(rig: SipLoadRig): number[] {
  return rig.server.app.pool.describe().flatMap((w) => (w.pid ? [w.pid] : []));
}

function serverCpuSeconds(rig: SipLoadRig): number {
  const self = process.cpuUsage();
  return (self.user + self.system) / 1e6 + workerPids(rig).reduce((sum, pid) => sum + procUsage(pid).cpu, 0);
}

/**
 * Memory the calls hold: this process's JS heap in use, after a full GC when node runs
 * with --expose-gc (never inside a CPU window, which the collection would add to), and
 * the workers' resident memory. Not this process's RSS: the in-memory PGlite database
 * (WebAssembly) moves it by hundreds of megabytes whatever the calls do.
 */
function serverMemory(rig: SipLoadRig): { heap: number; workers: number } {
  (globalThis as { gc?: () => void }).gc?.();
  return {
    heap: process.memoryUsage().heapUsed,
    workers: workerPids(rig).reduce((sum, pid) => sum + procUsage(pid).rss, 0),
  };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** INVITE (first send) → 180 (first receipt) per SIP Call-ID, from SIPp's -trace_shortmsg. */
function inviteToRinging(traceFile: string): number[] {
  const invites = new Map<string, number>();
  const ringing = new Map<string, number>();
  for (const line of readFileSync(traceFile, 'utf8').split('\n')) {
    const [, , epoch, direction, callId, , firstLine] = line.split('\t');
    if (!epoch || !callId || !firstLine) continue;
    const at = Number(epoch) * 1000;
    if (direction === 'S' && firstLine.startsWith('INVITE ') && !invites.has(callId)) invites.set(callId, at);
    if (direction === 'R' && firstLine.startsWith('SIP/2.0 180') && !ringing.has(callId)) ringing.set(callId, at);
  }
  return [...ringing].flatMap(([callId, at]) => (invites.has(callId) ? [at - invites.get(callId)!] : []));
}

interface LevelResult {
  calls: number;
  succeeded: number;
  ringing: number[];
  firstRtp: number[];
  steadyCpuPerCallMinute: number;
  /** Less what the idle server (agents signed in, no calls) spends in the same time. */
  steadyNetCpuPerCallMinute: number;
  allInCpuPerCallMinute: number;
  heapPerCallKb: number;
  workerRssPerCallKb: number;
  notes: string[];
}

async function runLevel(calls: number): Promise<LevelResult> {
  const notes: string[] = [];
  const rig = await startSipLoadRig({ agents: calls, workers: WORKERS });
  try {
    const idleStart = serverCpuSeconds(rig);
    const idleStartedAt = now();
    await sleep(5000);
    const idleCpuPerMinute = (serverCpuSeconds(rig) - idleStart) / ((now() - idleStartedAt) / 60_000);
    const memoryBefore = serverMemory(rig);
    const cpuBefore = serverCpuSeconds(rig);
    const trace = `/tmp/sip-bench-${process.pid}-${calls}-shortmsg.log`;
    const sipp = rig.placeCalls({
      calls,
      rate: Math.min(calls, MAX_RATE),
      holdMs: HOLD_MS,
      timeoutS: Math.ceil(HOLD_MS / 1000) + 90,
      extra: ['-trace_shortmsg', '-shortmessage_file', trace],
    });
    // Steady: every call carries agent audio to the phone, or as many as do before the
    // first calls would end inside the window.
    const live = () => [...rig.legs.values()].filter((l) => !l.leg.isEnded);
    const flowing = () => live().filter((l) => l.firstToPhoneAt).length;
    const firstAnswer = () => Math.min(...[...rig.legs.values()].map((l) => l.answeredAt ?? Infinity));
    while (flowing() < calls && now() < firstAnswer() + HOLD_MS - STEADY_WINDOW_MS - 4000) await sleep(50);
    await sleep(Math.max(0, Math.min(2000, firstAnswer() + HOLD_MS - STEADY_WINDOW_MS - 1000 - now())));
    const flowingAtStart = flowing();
    if (flowingAtStart < calls) notes.push(`only ${flowingAtStart} of ${calls} calls carried agent audio when the steady window began`);
    const liveAtStart = live().length;
    const windowStart = serverCpuSeconds(rig);
    const windowStartedAt = now();
    await sleep(STEADY_WINDOW_MS);
    const windowCpu = serverCpuSeconds(rig) - windowStart;
    const windowMinutes = (now() - windowStartedAt) / 60_000;
    const memorySteady = serverMemory(rig);
    const upAtEnd = live().length;
    if (upAtEnd < calls) notes.push(`${calls - upAtEnd} calls ended inside the steady window`);
    // Calls up during the window: the mean of its two ends.
    const callsInWindow = (liveAtStart + upAtEnd) / 2;
    const result = await sipp;
    const cpuAll = serverCpuSeconds(rig) - cpuBefore;
    const succeeded = Number(/Successful call\s+\|\s+\d+\s+\|\s+(\d+)/.exec(result.output)?.[1] ?? 0);
    if (result.code !== 0) notes.push(`SIPp exit ${result.code}`);

    // Call-minutes carried: from each 200 OK to the end of the leg (the phone's BYE).
    const reports = await rig.fleet.reports();
    const agentErrors = reports.filter((r) => r.error).length;
    if (agentErrors) notes.push(`${agentErrors} agents failed to join the media: ${reports.find((r) => r.error)?.error}`);
    const callMinutes = reports.reduce((sum, r) => sum + (r.endedAt && r.answeredAt ? (r.endedAt - r.answeredAt) / 60_000 : 0), 0);
    return {
      calls,
      succeeded,
      ringing: inviteToRinging(trace),
      firstRtp: [...rig.legs.values()].flatMap((l) => (l.answeredAt && l.firstToPhoneAt ? [l.firstToPhoneAt - l.answeredAt] : [])),
      steadyCpuPerCallMinute: windowCpu / (callsInWindow * windowMinutes),
      steadyNetCpuPerCallMinute: (windowCpu - idleCpuPerMinute * windowMinutes) / (callsInWindow * windowMinutes),
      allInCpuPerCallMinute: cpuAll / callMinutes,
      heapPerCallKb: (memorySteady.heap - memoryBefore.heap) / calls / 1024,
      workerRssPerCallKb: (memorySteady.workers - memoryBefore.workers) / calls / 1024,
      notes,
    };
  } finally {
    await rig.close();
  }
}

if (!(globalThis as { gc?: unknown }).gc) process.stderr.write('run with node --expose-gc for steadier memory numbers\n');
const results: LevelResult[] = [];
for (const calls of levels) {
  process.stderr.write(`${calls} concurrent calls, held ${HOLD_MS / 1000} s…\n`);
  results.push(await runLevel(calls));
}

const ms = (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(1));
const rows = [
  ['calls', 'ok', 'INVITE→180 p50 ms', 'p99 ms', 'answer→1st RTP p50 ms', 'p99 ms', 'CPU s/call-min steady', 'net of idle', 'all-in', 'heap KB/call', 'worker RSS KB/call', 'total KB/call'],
  ...results.map((r) => [
    String(r.calls),
    String(r.succeeded),
    ms(percentile(r.ringing, 50)),
    ms(percentile(r.ringing, 99)),
    ms(percentile(r.firstRtp, 50)),
    ms(percentile(r.firstRtp, 99)),
    r.steadyCpuPerCallMinute.toFixed(3),
    r.steadyNetCpuPerCallMinute.toFixed(3),
    r.allInCpuPerCallMinute.toFixed(3),
    r.heapPerCallKb.toFixed(0),
    r.workerRssPerCallKb.toFixed(0),
    (r.heapPerCallKb + r.workerRssPerCallKb).toFixed(0),
  ]),
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
for (const row of rows) console.log(row.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
for (const r of results) for (const note of r.notes) console.log(`${r.calls} calls: ${note}`);
console.log(`hold ${HOLD_MS / 1000} s, ${WORKERS} mediasoup worker(s), SIPp ≤ ${MAX_RATE} calls/s, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
process.exit(0);
