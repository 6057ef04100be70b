import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { command, nextEvent, sleep, startTestServer, type ClientSocket, type TestServer } from './harness.ts';
import { runSipp } from './sipp.ts';

/**
 * The SIP gateway against SIPp, a real SIP peer: inbound calls from an allowed trunk
 * (the demo trunk allows 127.0.0.0/8) to the demo numbers 1000 (support) and 2000.
 */
let server: TestServer;
let sipPort: number;
const open: ClientSocket[] = [];

before(async () => {
  server = await startTestServer({
    SIP_ENABLED: 'true',
    SIP_PORT: '0',
    SIP_RTP_PORT_MIN: '31000',
    SIP_RTP_PORT_MAX: '31999',
    WRAP_UP_MS: '0',
  });
  sipPort = server.app.sip!.port;
});
after(async () => {
  for (const s of open) s.disconnect();
  await server?.close();
});

async function availableAgent(username: string) {
  const socket = await server.connect((await server.login(username)).body.token);
  open.push(socket);
  const set = await command(socket, 'agent:set-status', { status: 'available' });
  assert.equal(set.ok, true, JSON.stringify(set));
  return socket;
}
const records = () => new CallRecordRepository(server.db);
async function eventsOf(callId: string) {
  await server.app.calls.recordsSettled();
  return (await records().events(callId)).map((e) => e.type);
}

test('a phone call to 1000 queues, rings the agent, is answered, carries RTP and ends when the phone hangs up', async () => {
  const alice = await availableAgent('alice');
  const offered = nextEvent(alice, 'call:offered', () => true, 10_000);
  const sipp = runSipp('answered-phone-hangs-up', { port: sipPort }, { extra: ['-trace_msg', '-message_file', '/tmp/sipp-msg.log'] });
  const offer = await offered;
  assert.equal(offer.channel, 'phone');
  assert.equal(offer.callerLabel, '4930111222');
  const answered = await command(alice, 'call:answer', { callId: offer.callId });
  assert.equal(answered.ok, true, JSON.stringify(answered));
  assert.deepEqual(answered.data.sendCodec, { mimeType: 'audio/PCMU', clockRate: 8000 });
  await sleep(1500);
  const stats = await server.app.media.getRoom(offer.callId)!.stats();
  const fromPhone = stats.find((s) => s.role === 'customer');
  assert.ok(fromPhone && fromPhone.packetCount > 20, `RTP from the phone reached mediasoup: ${JSON.stringify(stats)}`);
  const result = await sipp;
  assert.equal(result.code, 0, result.output);
  await sleep(200);
  const record = await records().find(offer.callId);
  assert.equal(record?.state, 'ended');
  assert.equal(record?.endReason, 'customer-hangup');
  assert.deepEqual(await eventsOf(offer.callId), ['queued', 'offered', 'answered', 'ended']);
  alice.disconnect();
});
