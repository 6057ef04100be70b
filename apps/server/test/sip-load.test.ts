import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSipLoadRig, type PhoneLegTrace, type SipLoadRig } from '../bench/sip-load-rig.ts';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { sleep } from './harness.ts';

/**
 * The load scenario: SIPp places 100 concurrent calls (20 a second) with RTP through
 * the gateway to 100 simulated agents (WebRTC endpoints in child processes); each call
 * is held 30 s after the answer, then the phone hangs up. Bounded: SIPp gives up after
 * 90 s, the test after 150 s, and everything is stopped in `after`.
 *
 * On a two-core machine the hundred libwebrtc agents take most of the CPU (11-16 ms a
 * second each), so the last agents may need several seconds to set up their media
 * (15 s rather than 10 leaves every call seconds of two-way audio even then), and they
 * send less than they should; the media checks ask for RTP both ways in every call,
 * not for its quality.
 */
const CALLS = 100;
const HOLD_MS = 30_000;
/** Calls whose simulated agent may fail to get its media up in time (see above). */
const MEDIA_SLACK = CALLS / 20;
/** Half a second of 20 ms G.711; in 15 s a healthy call carries ~750 from the phone and ~150 from the agent. */
const MIN_PACKETS = 25;

/**
 * Agents talk in spurts, 200 ms of tone a second: the tone costs libwebrtc most of its
 * CPU (encoder, pacer and network threads wake for every frame of every sender), and a
 * continuous one leaves too little of two cores for the server and call set-up.
 */
const SPEECH = { talkMs: 200, pauseMs: 800 };

let rig: SipLoadRig;

before(async () => {
  rig = await startSipLoadRig({ agents: CALLS, speech: SPEECH });
});
after(async () => {
  await rig?.close();
});

test(`${CALLS} concurrent phone calls reach simulated agents, carry RTP both ways and end cleanly`, { timeout: 150_000 }, async (t) => {
  const sipp = await rig.placeCalls({ calls: CALLS, rate: 20, holdMs: HOLD_MS, timeoutS: 90 });
  assert.equal(sipp.code, 0, sipp.output.slice(-3000));
  assert.match(sipp.output, new RegExp(`Successful call\\s+\\|\\s+\\d+\\s+\\|\\s+${CALLS}\\b`), sipp.output.slice(-3000));

  const { server, legs, fleet } = rig;
  // The last BYE's 200 OK reaches SIPp before the agent hears the call ended.
  await waitFor(async () => (await fleet.reports()).filter((r) => r.endedAt).length === CALLS, 10_000);
  const reports = await fleet.reports();
  assert.equal(reports.length, CALLS, 'every call was offered to exactly one agent');
  assert.equal(new Set(reports.map((r) => r.agent)).size, CALLS, 'one call per agent');
  const failed = reports.filter((r) => r.error);
  assert.deepEqual(failed.filter((r) => !/media/.test(r.error!)), [], 'every agent answered');
  assert.ok(failed.length <= MEDIA_SLACK, `agents whose media never came up: ${JSON.stringify(failed.map((r) => r.error))}`);
  if (failed.length > 0) t.diagnostic(`agents whose media did not come up in time: ${failed.length}`);
  assert.ok(reports.every((r) => r.sendCodec === 'audio/PCMU'), 'agents send the phone leg codec');

  // All calls were up together: the last 200 OK went out before the first leg ended.
  const traces = [...legs.values()];
  const lastAnswer = Math.max(...traces.map((l) => l.answeredAt!));
  const firstEnd = Math.min(...traces.map((l) => l.endedAt!));
  assert.ok(lastAnswer < firstEnd, `all ${CALLS} calls were connected at once (last answer ${lastAnswer}, first end ${firstEnd})`);
  t.diagnostic(`calls with agent audio reaching the phone at the same time: at most ${peakOverlap(traces)}`);
  const mins = { recv: Math.min(...reports.map((r) => r.packetsReceived)), sent: Math.min(...reports.map((r) => r.packetsSent)), toPhone: Math.min(...traces.map((l) => l.leg.relay!.packetsToPhone)), setup: Math.max(...reports.map((r) => (r.producingAt ?? Infinity) - r.offeredAt)) };
  t.diagnostic(JSON.stringify(mins));

  await server.app.calls.recordsSettled();
  const records = new CallRecordRepository(server.db);
  const silent: string[] = [];
  for (const report of reports) {
    const record = await records.find(report.callId);
    assert.equal(record?.state, 'ended', report.callId);
    assert.equal(record?.endReason, 'customer-hangup', report.callId);
    const relay = legs.get(report.callId)?.leg.relay;
    assert.ok(relay, `the gateway had a leg for ${report.callId}`);
    // phone → gateway, whatever the agent's state.
    assert.ok(relay.packetsFromPhone >= MIN_PACKETS, `phone → gateway ${report.callId}: ${relay.packetsFromPhone} packets`);
    // phone → agent (the agent's WebRTC stack counts) and agent → phone (the relay counts).
    const twoWay =
      report.packetsReceived >= MIN_PACKETS && report.packetsSent >= MIN_PACKETS && relay.packetsToPhone >= MIN_PACKETS;
    if (!twoWay) silent.push(`${report.callId}: ${report.packetsReceived} in, ${report.packetsSent} sent, ${relay.packetsToPhone} to phone`);
  }
  assert.ok(silent.length <= MEDIA_SLACK, `calls without RTP both ways: ${silent.join('; ')}`);
  assert.equal(legs.size, CALLS);

  // Nothing leaked: no SIP leg, media room or live call is left.
  assert.equal(server.app.sip!.counters.legs, 0);
  assert.equal(server.app.media.roomCount(), 0);
  assert.deepEqual(server.app.calls.activeCallIds(), []);
  assert.ok(server.app.pool.describe().every((w) => w.routers === 0), JSON.stringify(server.app.pool.describe()));
});

/** The most legs that were sending agent audio to their phones at one moment. */
function peakOverlap(traces: PhoneLegTrace[]): number {
  const edges = traces.flatMap((l) => (l.firstToPhoneAt && l.endedAt ? [[l.firstToPhoneAt, 1] as const, [l.endedAt, -1] as const] : []));
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let live = 0;
  let peak = 0;
  for (const [, step] of edges) peak = Math.max(peak, (live += step));
  return peak;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) return;
    await sleep(100);
  }
}
