import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { after, before, test } from 'node:test';
import { RtpRelay } from './rtp-relay.ts';
import { decodeTelephoneEvent, digitFromInfo } from './telephone-event.ts';

/**
 * The relay between a phone and mediasoup, over real loopback sockets: a "phone" and a
 * "mediasoup" socket stand at either end.
 */
let relay: RtpRelay;
let phone: dgram.Socket;
let mediasoup: dgram.Socket;
const fromPhone: Buffer[] = [];
const toPhone: Buffer[] = [];

const rtp = (pt: number, seq: number, timestamp: number, ssrc: number, payload = Buffer.alloc(160, 0xff)) => {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = pt;
  header.writeUInt16BE(seq, 2);
  header.writeUInt32BE(timestamp, 4);
  header.writeUInt32BE(ssrc, 8);
  return Buffer.concat([header, payload]);
};
const event = (digit: number, end: boolean, duration: number) => {
  const b = Buffer.alloc(4);
  b[0] = digit;
  b[1] = end ? 0x8a : 0x0a;
  b.writeUInt16BE(duration, 2);
  return b;
};
const bind = async () => {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  return s;
};
const until = async (check: () => boolean, ms = 2000) => {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
};

before(async () => {
  relay = await RtpRelay.open({ listenIp: '127.0.0.1', portRange: { min: 32000, max: 32100 }, ssrc: 0x1234abcd });
  phone = await bind();
  mediasoup = await bind();
  phone.on('message', (m) => toPhone.push(m));
  mediasoup.on('message', (m) => fromPhone.push(m));
  relay.connectMediasoup(mediasoup.address().port);
  relay.setPayloadTypes(0, { payloadType: 101, clockRate: 8000 }, 8000);
  relay.setRemote('127.0.0.1', 9); // what the SDP said; the phone's real source replaces it
});
after(() => {
  relay.close();
  phone.close();
  mediasoup.close();
});

test('audio from the phone reaches mediasoup stamped with our SSRC; digits are taken out as events', async () => {
  const digits: string[] = [];
  relay.on('dtmf', (d) => digits.push(d));
  phone.send(rtp(0, 1, 160, 0xdeadbeef), relay.port, '127.0.0.1');
  for (const [i, end] of [[0, false], [1, false], [2, true], [3, true]] as const) {
    phone.send(rtp(101, 2 + i, 320, 0xdeadbeef, event(5, end, 160 * (i + 1))), relay.port, '127.0.0.1');
  }
  phone.send(rtp(101, 7, 1280, 0xdeadbeef, event(11, false, 160)), relay.port, '127.0.0.1');
  await until(() => fromPhone.length >= 1 && digits.length >= 2);
  assert.equal(fromPhone.length, 1, 'only the audio packet is forwarded');
  assert.equal(fromPhone[0]!.readUInt32BE(8), 0x1234abcd);
  assert.deepEqual(digits, ['5', '#'], 'one digit per key press, however many packets carry it');
});

test('audio from mediasoup goes to the address the phone really sends from, and digits are injected in sequence', async () => {
  for (let i = 0; i < 3; i++) mediasoup.send(rtp(0, 100 + i, 1000 + i * 160, 0x0badf00d), relay.internalPort, '127.0.0.1');
  await until(() => toPhone.length >= 3);
  assert.equal(toPhone.length, 3, 'latched onto the phone socket, not the SDP address');
  toPhone.length = 0;
  await relay.sendDigits('1#');
  const events = toPhone.filter((p) => (p[1]! & 0x7f) === 101);
  const decoded = events.map((p) => ({ ...decodeTelephoneEvent(p.subarray(12))!, ts: p.readUInt32BE(4), marker: p[1]! >> 7 }));
  const pressed = [...new Set(decoded.map((e) => `${e.digit}@${e.ts}`))];
  assert.equal(pressed.length, 2, JSON.stringify(pressed));
  assert.deepEqual([...new Set(decoded.map((e) => e.digit))], ['1', '#']);
  for (const digit of ['1', '#']) {
    const packets = decoded.filter((e) => e.digit === digit);
    assert.equal(packets[0]!.marker, 1, 'the first packet of an event carries the marker');
    assert.equal(packets.filter((e) => e.end).length, 3, 'the end is sent three times');
    assert.ok(packets.every((e) => e.ts === packets[0]!.ts), 'one timestamp per event');
  }
  assert.ok(events.every((p) => p.readUInt32BE(8) === 0x0badf00d), 'on the stream the phone already receives');
  const seqs = events.map((p) => p.readUInt16BE(2));
  assert.ok(seqs.every((s, i) => i === 0 || s === ((seqs[i - 1]! + 1) & 0xffff)), 'sequence numbers continue');
});

test('on hold the phone gets nothing; a third party cannot inject audio', async () => {
  relay.setSending(false);
  toPhone.length = 0;
  mediasoup.send(rtp(0, 200, 5000, 0x0badf00d), relay.internalPort, '127.0.0.1');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(toPhone.length, 0);
  relay.setSending(true);
  const stranger = await bind();
  const before = fromPhone.length;
  stranger.send(rtp(0, 1, 1, 1), relay.port, '127.0.0.1');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(fromPhone.length, before);
  stranger.close();
});

test('silence from the phone past the timeout is reported once', async () => {
  let timeouts = 0;
  relay.on('timeout', () => timeouts++);
  relay.watchForSilence(300);
  await new Promise((r) => setTimeout(r, 800));
  assert.equal(timeouts, 1);
});

test('SIP INFO digits: dtmf-relay and dtmf bodies', () => {
  assert.equal(digitFromInfo('application/dtmf-relay', 'Signal=5\r\nDuration=160\r\n'), '5');
  assert.equal(digitFromInfo('application/dtmf-relay', 'Signal=11\r\n'), '#');
  assert.equal(digitFromInfo('application/dtmf', '*'), '*');
  assert.equal(digitFromInfo('text/plain', '5'), null);
  assert.equal(digitFromInfo('application/dtmf-relay', 'Signal=X'), null);
});
