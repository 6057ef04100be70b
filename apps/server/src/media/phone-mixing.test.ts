import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { createLogger } from '../logging/logger.ts';
import { CallRoom, type PhoneCodec } from './call-room.ts';
import { routerMediaCodecs } from './codecs.ts';
import { TonePhone } from '../../test/tone-phone.ts';

/**
 * Phone legs in a real mediasoup router, each a loopback socket that sends its own tone
 * and records what it receives. Three phones in one call is a conference: each must
 * hear the other two (a mix), and one speaking Opus among G.711 phones is transcoded.
 */
let worker: types.Worker;
let room: CallRoom;
const PCMU: PhoneCodec = { mimeType: 'audio/PCMU', payloadType: 0, clockRate: 8000, channels: 1 };
const OPUS: PhoneCodec = { mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 };

const phones: TonePhone[] = [];
async function addPhone(key: string, role: 'customer' | 'agent', codec: PhoneCodec, frequency: number) {
  const phone = await TonePhone.open(codec, frequency);
  const ssrc = 1000 + phones.length;
  const { localPort } = await room.addPhoneLeg({ key, role }, { codec, ssrc, relayPort: phone.socket.address().port });
  phone.start(localPort, ssrc);
  phones.push(phone);
  return phone;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  worker = await mediasoup.createWorker({ logLevel: 'warn' });
  const router = await worker.createRouter({ mediaCodecs: routerMediaCodecs });
  room = new CallRoom('mixing-test', router, undefined as unknown as types.WebRtcServer, createLogger('warn'));
});
after(() => {
  for (const p of phones) p.close();
  room.close();
  worker.close();
});

test('two phones talk directly; a third makes it a conference in which each hears the other two', async () => {
  const customer = await addPhone('customer', 'customer', PCMU, 440);
  const agent = await addPhone('agent-a', 'agent', PCMU, 1000);
  await sleep(1000);
  let since = Date.now();
  await sleep(1000);
  const direct = customer.heard(since, [1000, 440]);
  assert.ok(direct[1000]! > 2000, `customer hears the agent's tone directly: ${JSON.stringify(direct)}`);
  assert.equal(await room.mixerStats(), null, 'two parties in one codec need no mixer');

  const third = await addPhone('agent-b', 'agent', OPUS, 1500);
  await sleep(1000);
  since = Date.now();
  await sleep(1500);
  const levels = {
    customer: customer.heard(since, [440, 1000, 1500]),
    agent: agent.heard(since, [440, 1000, 1500]),
    third: third.heard(since, [440, 1000, 1500]),
  };
  // Each tone is sent at 6000 (of 32767); a mix carries each party at that level.
  assert.ok(levels.customer[1000]! > 3000 && levels.customer[1500]! > 3000, `customer: ${JSON.stringify(levels.customer)}`);
  assert.ok(levels.customer[440]! < 600, `customer does not hear themselves: ${JSON.stringify(levels.customer)}`);
  assert.ok(levels.agent[440]! > 3000 && levels.agent[1500]! > 3000, `agent A: ${JSON.stringify(levels.agent)}`);
  assert.ok(levels.agent[1000]! < 600, `agent A does not hear themselves: ${JSON.stringify(levels.agent)}`);
  assert.ok(levels.third[440]! > 3000 && levels.third[1000]! > 3000, `Opus phone: ${JSON.stringify(levels.third)}`);
  assert.ok(levels.third[1500]! < 600, `Opus phone does not hear itself: ${JSON.stringify(levels.third)}`);
  const stats = await room.mixerStats();
  assert.ok(stats && stats.frames > 50);
  console.log('mixer latency and load', stats);
});

test('on hold the customer hears the music only and the agents still hear each other', async () => {
  const [customer, agent, third] = phones as [TonePhone, TonePhone, TonePhone];
  await room.setHold(true, 'audio/PCMU');
  await sleep(800);
  const since = Date.now();
  await sleep(1500);
  const c = customer.heard(since, [1000, 1500]);
  assert.ok(c[1000]! < 600 && c[1500]! < 600, `held customer hears no agent: ${JSON.stringify(c)}`);
  const music = customer.received.filter((r) => r.at >= since).reduce((n, r) => n + r.samples.reduce((m, x) => m + Math.abs(x), 0), 0);
  assert.ok(music > 0, 'held customer hears music');
  const a = agent.heard(since, [440, 1500]);
  assert.ok(a[1500]! > 3000 && a[440]! < 600, `agent A hears agent B, not the customer: ${JSON.stringify(a)}`);
  const t = third.heard(since, [440, 1000]);
  assert.ok(t[1000]! > 3000 && t[440]! < 600, `agent B hears agent A, not the customer: ${JSON.stringify(t)}`);
  await room.setHold(false, 'audio/PCMU');
});

test('when a party leaves, the remaining two talk directly again', async () => {
  const [customer, , third] = phones as [TonePhone, TonePhone, TonePhone];
  room.removeParticipant('agent-a');
  await sleep(800);
  const since = Date.now();
  await sleep(1000);
  const c = customer.heard(since, [1000, 1500]);
  assert.ok(c[1500]! > 3000 && c[1000]! < 600, `customer hears the Opus phone through the mix (transcoded): ${JSON.stringify(c)}`);
  const t = third.heard(since, [440, 1000]);
  assert.ok(t[440]! > 3000 && t[1000]! < 600, `Opus phone hears the customer transcoded: ${JSON.stringify(t)}`);
});

test('a G.722 phone joins: it hears the others through a mix in G.722, and they hear it', async () => {
  const [customer, , third] = phones as [TonePhone, TonePhone, TonePhone];
  const g722 = await addPhone('agent-c', 'agent', { mimeType: 'audio/G722', payloadType: 9, clockRate: 8000, channels: 1 }, 2000);
  await sleep(1000);
  const since = Date.now();
  await sleep(1500);
  const g = g722.heard(since, [440, 1500, 2000]);
  assert.ok(g[440]! > 3000 && g[1500]! > 3000 && g[2000]! < 600, `G.722 phone: ${JSON.stringify(g)}`);
  const c = customer.heard(since, [1500, 2000]);
  assert.ok(c[1500]! > 3000 && c[2000]! > 3000, `customer hears the Opus and the G.722 phones: ${JSON.stringify(c)}`);
  const t = third.heard(since, [440, 2000]);
  assert.ok(t[440]! > 3000 && t[2000]! > 3000, `Opus phone hears the customer and the G.722 phone: ${JSON.stringify(t)}`);
});
