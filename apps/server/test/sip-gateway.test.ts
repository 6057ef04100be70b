import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { after, before, test } from 'node:test';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import { command, nextEvent, sleep, startTestServer, type ClientSocket, type TestServer } from './harness.ts';
import { runSipp, runSippServer } from './sipp.ts';

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
    SIP_RTP_TIMEOUT_MS: '3000',
  });
  sipPort = server.app.sip!.port;
});
after(async () => {
  for (const s of open) s.disconnect();
  await server?.close();
});

/** Sign-ins are rate limited: each user signs in once per file. */
const tokens = new Map<string, string>();
async function tokenOf(username: string): Promise<string> {
  if (!tokens.has(username)) tokens.set(username, (await server.login(username)).body.token);
  return tokens.get(username)!;
}
async function availableAgent(username: string) {
  const socket = await server.connect(await tokenOf(username));
  open.push(socket);
  const set = await command(socket, 'agent:set-status', { status: 'available' });
  assert.equal(set.ok, true, JSON.stringify(set));
  return socket;
}
const records = () => new CallRecordRepository(server.db);
async function api(method: string, path: string, body?: unknown) {
  const token = await tokenOf('adam');
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as any) };
}
async function demoTrunk() {
  const { body } = await api('GET', '/api/trunks');
  return (body.items ?? body).find((t: { name: string }) => t.name === 'local-test');
}
/** The call the gateway just queued for this agent's offer; answers it. */
async function answerNextOffer(agent: ClientSocket) {
  const offer = await nextEvent(agent, 'call:offered', () => true, 10_000);
  const answered = await command(agent, 'call:answer', { callId: offer.callId });
  assert.equal(answered.ok, true, JSON.stringify(answered));
  return offer;
}
async function waitForEnd(callId: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await server.app.calls.recordsSettled();
    const record = await records().find(callId);
    if (record?.state === 'ended' || Date.now() > deadline) return record;
    await sleep(100);
  }
}
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

test('CANCEL before an answer: 200 and 487 to the phone, the call is recorded as abandoned', async () => {
  const alice = await availableAgent('alice');
  const offered = nextEvent(alice, 'call:offered', () => true, 10_000);
  const withdrawn = nextEvent(alice, 'call:offer-withdrawn', () => true, 10_000);
  const sipp = runSipp('cancel-before-answer', { port: sipPort });
  const offer = await offered;
  assert.equal((await withdrawn).reason, 'customer-hangup');
  const result = await sipp;
  assert.equal(result.code, 0, result.output);
  const record = await waitForEnd(offer.callId);
  assert.equal(record?.endReason, 'abandoned');
  alice.disconnect();
});

test('the agent hangs up: the gateway sends BYE and the phone answers it', async () => {
  const alice = await availableAgent('alice');
  const sipp = runSipp('agent-hangs-up', { port: sipPort });
  const offer = await answerNextOffer(alice);
  await sleep(1000);
  assert.equal((await command(alice, 'call:hangup', { callId: offer.callId })).ok, true);
  const result = await sipp;
  assert.equal(result.code, 0, result.output);
  assert.equal((await waitForEnd(offer.callId))?.endReason, 'agent-hangup');
  alice.disconnect();
});

test('a lost ACK: the 200 OK is retransmitted until the ACK arrives, and the call goes on', async () => {
  const alice = await availableAgent('alice');
  const before = { ...server.app.sip!.counters };
  const sipp = runSipp('lost-ack', { port: sipPort });
  const offer = await answerNextOffer(alice);
  const result = await sipp;
  assert.equal(result.code, 0, result.output);
  const after = server.app.sip!.counters;
  assert.ok(after.okRetransmissions > before.okRetransmissions, 'the 200 OK was sent again');
  assert.equal(after.acksConfirmed, before.acksConfirmed + 1, 'the repeated ACK confirmed the call');
  assert.equal((await waitForEnd(offer.callId))?.endReason, 'customer-hangup');
  alice.disconnect();
});

test('an unknown number gets 404 and leaves no call behind', async () => {
  const before = server.app.calls.activeCallIds().length;
  const result = await runSipp('unknown-number', { port: sipPort }, { service: '9999' });
  assert.equal(result.code, 0, result.output);
  assert.equal(server.app.calls.activeCallIds().length, before);
  assert.equal(server.app.sip!.counters.legs, 0);
});

test('an INVITE from an address no trunk allows gets 403: no open relay', async () => {
  const trunk = await demoTrunk();
  assert.equal((await api('PATCH', `/api/trunks/${trunk.id}`, { allowedSources: ['192.0.2.10'] })).status, 200);
  try {
    const result = await runSipp('not-allowed', { port: sipPort });
    assert.equal(result.code, 0, result.output);
    assert.equal(server.app.calls.activeCallIds().length, 0);
  } finally {
    await api('PATCH', `/api/trunks/${trunk.id}`, { allowedSources: trunk.allowedSources });
  }
});

test('hold and resume from the phone: the answers mirror its direction and the log says held, resumed', async () => {
  const alice = await availableAgent('alice');
  const sipp = runSipp('hold-and-resume', { port: sipPort });
  const offer = await answerNextOffer(alice);
  const result = await sipp;
  assert.equal(result.code, 0, result.output);
  await waitForEnd(offer.callId);
  assert.deepEqual(await eventsOf(offer.callId), ['queued', 'offered', 'answered', 'held', 'resumed', 'ended']);
  alice.disconnect();
});

test('digits from the phone (RFC 4733 and SIP INFO) reach the agent and the log', async () => {
  const alice = await availableAgent('alice');
  const digits: string[] = [];
  alice.on('call:dtmf-received', (d) => digits.push(d.digit));
  const sipp = runSipp('dtmf-from-phone', { port: sipPort });
  const offer = await answerNextOffer(alice);
  const result = await sipp;
  assert.equal(result.code, 0, result.output);
  await waitForEnd(offer.callId);
  assert.deepEqual(digits, ['1', '5']);
  assert.ok((await eventsOf(offer.callId)).filter((t) => t === 'dtmf').length === 2);
  alice.disconnect();
});

test('outbound to a busy number: 486 ends the call as busy, and the agent is told', async () => {
  const trunk = await demoTrunk();
  const carrierPort = 17100 + (process.pid % 100) * 4;
  await api('PATCH', `/api/trunks/${trunk.id}`, { outboundPort: carrierPort });
  const carrier = runSippServer('trunk-busy', carrierPort);
  await sleep(300);
  const alice = await availableAgent('alice');
  const ended = nextEvent(alice, 'call:state-changed', (s) => s.state === 'ended', 10_000);
  const dialled = await command(alice, 'call:dial', { number: '4930999888' });
  assert.equal(dialled.ok, true, JSON.stringify(dialled));
  assert.equal(dialled.data.status.state, 'dialing');
  assert.equal((await ended).endReason, 'busy');
  const result = await carrier;
  assert.equal(result.code, 0, result.output);
  assert.equal((await waitForEnd(dialled.data.callId))?.endReason, 'busy');
  alice.disconnect();
});

test('outbound with digest authentication: challenged, answered, audio from the carrier, the agent hangs up', async () => {
  const trunk = await demoTrunk();
  const carrierPort = 17300 + (process.pid % 100) * 4;
  await api('PATCH', `/api/trunks/${trunk.id}`, { outboundPort: carrierPort, username: 'cc-trunk', password: 's3cret-trunk' });
  const carrier = runSippServer('trunk-digest-answer', carrierPort);
  await sleep(300);
  const alice = await availableAgent('alice');
  const ringing = nextEvent(alice, 'call:state-changed', (s) => s.state === 'ringing', 10_000);
  const connected = nextEvent(alice, 'call:state-changed', (s) => s.state === 'connected', 10_000);
  const dialled = await command(alice, 'call:dial', { number: '4930777666' });
  assert.equal(dialled.ok, true, JSON.stringify(dialled));
  assert.deepEqual(dialled.data.sendCodec, { mimeType: 'audio/PCMU', clockRate: 8000 });
  await ringing;
  await connected;
  await sleep(1500);
  const stats = await server.app.media.getRoom(dialled.data.callId)!.stats();
  const fromCarrier = stats.find((s) => s.role === 'customer');
  assert.ok(fromCarrier && fromCarrier.packetCount > 20, JSON.stringify(stats));
  assert.equal((await command(alice, 'call:hangup', { callId: dialled.data.callId })).ok, true);
  const result = await carrier;
  assert.equal(result.code, 0, result.output);
  const record = await waitForEnd(dialled.data.callId);
  assert.equal(record?.endReason, 'agent-hangup');
  assert.equal(record?.direction, 'outbound');
  assert.equal(record?.remoteNumber, '4930777666');
  assert.deepEqual(await eventsOf(dialled.data.callId), ['dialled', 'remote-ringing', 'answered', 'ended']);
  alice.disconnect();
});

test('OPTIONS from the trunk is answered 200 with what we allow (carriers ping with it)', async () => {
  const result = await runSipp('options-ping', { port: sipPort });
  assert.equal(result.code, 0, result.output);
});

test('over TCP: a phone call is answered and hung up as over UDP', async () => {
  const alice = await availableAgent('alice');
  const sipp = runSipp('answered-phone-hangs-up', { port: sipPort, transport: 't1' });
  const offer = await answerNextOffer(alice);
  const result = await sipp;
  assert.equal(result.code, 0, result.output);
  assert.equal((await waitForEnd(offer.callId))?.endReason, 'customer-hangup');
  alice.disconnect();
});

test('a phone that goes silent is hung up after the RTP timeout, with the reason on record', async () => {
  const alice = await availableAgent('alice');
  const sipp = runSipp('silent-phone', { port: sipPort });
  const offer = await answerNextOffer(alice);
  const result = await sipp;
  assert.equal(result.code, 0, result.output);
  assert.equal((await waitForEnd(offer.callId))?.endReason, 'rtp-timeout');
  alice.disconnect();
});

/** Sends one raw datagram to the gateway and returns the status line of the answer, if any. */
async function rawExchange(text: string | Buffer, waitMs = 400): Promise<string | null> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  const port = socket.address().port;
  const payload = typeof text === 'string' ? Buffer.from(text.replaceAll('{port}', String(port)), 'latin1') : text;
  const answer = new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), waitMs);
    socket.once('message', (m) => {
      clearTimeout(timer);
      resolve(m.toString('latin1').split('\r\n')[0]!);
    });
  });
  socket.send(payload, sipPort, '127.0.0.1');
  const line = await answer;
  socket.close();
  return line;
}

const headers = (method: string, extra: string[], omit: string[] = []) =>
  [
    `${method} sip:1000@127.0.0.1 SIP/2.0`,
    'Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK' + Math.random().toString(36).slice(2),
    'From: <sip:fuzz@127.0.0.1>;tag=f1',
    'To: <sip:1000@127.0.0.1>',
    `Call-ID: fuzz-${Math.random().toString(36).slice(2)}`,
    `CSeq: 1 ${method}`,
    'Max-Forwards: 70',
    ...extra,
  ]
    .filter((line) => !omit.some((h) => line.startsWith(h)))
    .join('\r\n');

test('malformed messages get the right answer or are dropped, and a call in progress keeps its audio', async () => {
  const alice = await availableAgent('alice');
  const sipp = runSipp('agent-hangs-up', { port: sipPort });
  const offer = await answerNextOffer(alice);
  await sleep(1000);
  const room = server.app.media.getRoom(offer.callId)!;
  const packetsBefore = (await room.stats()).find((s) => s.role === 'customer')!.packetCount;
  const startedAt = Date.now();

  const cases: Array<[string, string | Buffer, string | null]> = [
    ['binary garbage', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80, 0x00, 0x42]), null],
    ['text garbage', 'hello there\r\n\r\n', null],
    ['a request line alone (no Via: nowhere to answer)', 'INVITE sip:1000@127.0.0.1 SIP/2.0\r\n\r\n', null],
    ['no From', headers('OPTIONS', ['Content-Length: 0', '', ''], ['From:']), 'SIP/2.0 400 Missing or Bad From'],
    ['no Call-ID', headers('OPTIONS', ['Content-Length: 0', '', ''], ['Call-ID:']), 'SIP/2.0 400 Missing Call-ID'],
    ['no CSeq', headers('INVITE', ['Content-Length: 0', '', ''], ['CSeq:']), 'SIP/2.0 400 Missing or Bad CSeq'],
    ['CSeq method differs', headers('INVITE', ['Content-Length: 0', '', '']).replace('CSeq: 1 INVITE', 'CSeq: 1 BYE'), 'SIP/2.0 400 Missing or Bad CSeq'],
    ['a huge header', headers('OPTIONS', [`X-Padding: ${'a'.repeat(40_000)}`, 'Content-Length: 0', '', '']), 'SIP/2.0 513 Message Too Large'],
    ['Content-Length beyond the body', headers('INVITE', ['Content-Type: application/sdp', 'Content-Length: 900', '', 'v=0']), 'SIP/2.0 400 Bad Content-Length'],
    ['Max-Forwards 0', headers('INVITE', ['Content-Length: 0', '', '']).replace('Max-Forwards: 70', 'Max-Forwards: 0'), 'SIP/2.0 483 Too Many Hops'],
    ['an unknown method', headers('FROB', ['Content-Length: 0', '', '']), 'SIP/2.0 405 Method Not Allowed'],
    ['BYE for no dialog', headers('BYE', ['Content-Length: 0', '', '']), 'SIP/2.0 481 Call/Transaction Does Not Exist'],
    ['INVITE with unreadable SDP', headers('INVITE', ['Content-Type: application/sdp', 'Content-Length: 9', '', 'not sdp!!']), 'SIP/2.0 100 Trying'],
  ];
  for (const [name, message, expected] of cases) {
    assert.equal(await rawExchange(message), expected, name);
  }
  await sleep(1000);
  const packetsAfter = (await room.stats()).find((s) => s.role === 'customer')!.packetCount;
  // 20 ms packets: 50 a second while the barrage went on.
  const expected = ((Date.now() - startedAt) / 1000) * 50;
  assert.ok(packetsAfter - packetsBefore > expected * 0.8, `audio kept flowing: ${packetsAfter - packetsBefore} of ${expected} packets`);
  assert.equal(server.app.calls.get(offer.callId)?.state, 'connected');
  assert.equal((await command(alice, 'call:hangup', { callId: offer.callId })).ok, true);
  const result = await sipp;
  assert.equal(result.code, 0, result.output);
  alice.disconnect();
});

test('a registration trunk registers with digest authentication, refreshes before expiry, and admins see its status', async () => {
  const registrarPort = 17500 + (process.pid % 100) * 4;
  const registrar = runSippServer('trunk-registrar', registrarPort, { timeoutS: 20 });
  await sleep(300);
  const created = await api('POST', '/api/trunks', {
    name: 'carrier-reg',
    mode: 'register',
    allowedSources: [],
    outboundHost: '127.0.0.1',
    outboundPort: registrarPort,
    username: 'cc-reg',
    password: 'reg-s3cret',
    registerExpiresSeconds: 60,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  try {
    const result = await registrar;
    assert.equal(result.code, 0, result.output);
    const status = await api('GET', `/api/trunks/${created.body.id}/status`);
    assert.equal(status.body.state, 'registered', JSON.stringify(status.body));
    assert.ok(Date.parse(status.body.expiresAt) - Date.now() > 3000_000, 'the refresh was granted an hour');
  } finally {
    await api('DELETE', `/api/trunks/${created.body.id}`);
  }
});

test('hold from the agent: the phone hears the music on hold, the agent side nothing, and resume stops it', async () => {
  const alice = await availableAgent('alice');
  const sipp = runSipp('agent-hangs-up', { port: sipPort });
  const offer = await answerNextOffer(alice);
  const gateway = server.app.sip!;
  await sleep(500);
  const quiet = gateway.rtpCounters(offer.callId)!.toPhone;
  assert.equal(quiet, 0, 'no agent media here: nothing goes to the phone before the hold');
  assert.equal((await command(alice, 'call:hold', { callId: offer.callId, held: true })).ok, true);
  await sleep(1000);
  const held = gateway.rtpCounters(offer.callId)!.toPhone;
  assert.ok(held > 30, `music reached the phone: ${held} packets in 1 s`);
  assert.equal((await command(alice, 'call:hold', { callId: offer.callId, held: false })).ok, true);
  await sleep(300);
  const resumedAt = gateway.rtpCounters(offer.callId)!.toPhone;
  await sleep(700);
  assert.ok(gateway.rtpCounters(offer.callId)!.toPhone - resumedAt <= 1, 'the music stopped on resume');
  assert.equal((await command(alice, 'call:hangup', { callId: offer.callId })).ok, true);
  const result = await sipp;
  assert.equal(result.code, 0, result.output);
  await waitForEnd(offer.callId);
  assert.deepEqual(await eventsOf(offer.callId), ['queued', 'offered', 'answered', 'hold', 'unhold', 'ended']);
  alice.disconnect();
});
