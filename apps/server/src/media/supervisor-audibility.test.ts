import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { TonePhone } from '../../test/tone-phone.ts';
import { createLogger } from '../logging/logger.ts';
import { CallRoom, type PhoneCodec } from './call-room.ts';
import { routerMediaCodecs } from './codecs.ts';

/**
 * Who hears a supervisor, in a real router with a phone customer: Listen (nobody),
 * Whisper (the agent), Barge (everyone). The phone customer hears two parties in Barge,
 * through the server's mix. The supervisor and the agent are phone legs here too: the
 * room's rule does not depend on how a party connects.
 */
const PCMU: PhoneCodec = { mimeType: 'audio/PCMU', payloadType: 0, clockRate: 8000, channels: 1 };
const OPUS: PhoneCodec = { mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 };
const CUSTOMER_HZ = 440;
const AGENT_HZ = 1000;
const SUPERVISOR_HZ = 1500;
const HEARD = 3000;
const SILENT = 600;

let worker: types.Worker;
let room: CallRoom;
let customer: TonePhone;
let agent: TonePhone;
let supervisor: TonePhone;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function join(key: string, role: 'customer' | 'agent' | 'supervisor', codec: PhoneCodec, hz: number, ssrc: number) {
  const phone = await TonePhone.open(codec, hz);
  const { localPort } = await room.addPhoneLeg({ key, role }, { codec, ssrc, relayPort: phone.socket.address().port });
  phone.start(localPort, ssrc);
  return phone;
}

/** What each party hears over 1.2 s, after routing has settled. */
async function listen() {
  await sleep(700);
  const since = Date.now();
  await sleep(1200);
  const all = [CUSTOMER_HZ, AGENT_HZ, SUPERVISOR_HZ];
  return { customer: customer.heard(since, all), agent: agent.heard(since, all), supervisor: supervisor.heard(since, all) };
}

before(async () => {
  worker = await mediasoup.createWorker({ logLevel: 'warn' });
  const router = await worker.createRouter({ mediaCodecs: routerMediaCodecs });
  room = new CallRoom('supervision-test', router, undefined as unknown as types.WebRtcServer, createLogger('warn'));
  customer = await join('customer', 'customer', PCMU, CUSTOMER_HZ, 11);
  agent = await join('agent:a', 'agent', OPUS, AGENT_HZ, 12);
  await room.setMonitorMode('supervisor:s', 'listen');
  supervisor = await join('supervisor:s', 'supervisor', OPUS, SUPERVISOR_HZ, 13);
});
after(() => {
  for (const p of [customer, agent, supervisor]) p?.close();
  room?.close();
  worker?.close();
});

test('Listen: the supervisor hears both sides; nobody hears the supervisor; the recording leaves them out', async () => {
  const h = await listen();
  assert.ok(h.supervisor[CUSTOMER_HZ]! > HEARD && h.supervisor[AGENT_HZ]! > HEARD, `supervisor: ${JSON.stringify(h.supervisor)}`);
  assert.ok(h.customer[AGENT_HZ]! > HEARD && h.customer[SUPERVISOR_HZ]! < SILENT, `customer: ${JSON.stringify(h.customer)}`);
  assert.ok(h.agent[CUSTOMER_HZ]! > HEARD && h.agent[SUPERVISOR_HZ]! < SILENT, `agent: ${JSON.stringify(h.agent)}`);
  const supervisorProducer = room.producers().find((p) => p.from === 'supervisor')!.producerId;
  assert.equal(room.recordingSideOf(supervisorProducer), null);
});

test('Whisper: the agent hears the supervisor, the customer does not', async () => {
  await room.setMonitorMode('supervisor:s', 'whisper');
  const h = await listen();
  assert.ok(h.agent[SUPERVISOR_HZ]! > HEARD && h.agent[CUSTOMER_HZ]! > HEARD, `agent: ${JSON.stringify(h.agent)}`);
  assert.ok(h.customer[SUPERVISOR_HZ]! < SILENT && h.customer[AGENT_HZ]! > HEARD, `customer: ${JSON.stringify(h.customer)}`);
  const supervisorProducer = room.producers().find((p) => p.from === 'supervisor')!.producerId;
  assert.equal(room.recordingSideOf(supervisorProducer), 'agent');
});

test('Barge: everyone hears the supervisor; the phone customer gets both voices in its mix', async () => {
  await room.setMonitorMode('supervisor:s', 'barge');
  const h = await listen();
  assert.ok(h.customer[SUPERVISOR_HZ]! > HEARD && h.customer[AGENT_HZ]! > HEARD, `customer: ${JSON.stringify(h.customer)}`);
  assert.ok(h.agent[SUPERVISOR_HZ]! > HEARD, `agent: ${JSON.stringify(h.agent)}`);
});

test('Barge while the customer is held: the agent side still talks, the customer hears only the music', async () => {
  await room.setHold(true, 'audio/PCMU');
  const h = await listen();
  assert.ok(h.customer[SUPERVISOR_HZ]! < SILENT && h.customer[AGENT_HZ]! < SILENT, `customer: ${JSON.stringify(h.customer)}`);
  assert.ok(h.agent[SUPERVISOR_HZ]! > HEARD && h.agent[CUSTOMER_HZ]! < SILENT, `agent: ${JSON.stringify(h.agent)}`);
  assert.ok(h.supervisor[CUSTOMER_HZ]! > HEARD, `the supervisor still hears the held customer: ${JSON.stringify(h.supervisor)}`);
  await room.setHold(false, 'audio/PCMU');
});

test('Taken over: the agent gone, the supervisor talks with the customer; on hold neither hears the other', async () => {
  room.removeParticipant('agent:a');
  await room.actAsAgent('supervisor:s');
  const talking = await listen();
  assert.ok(talking.customer[SUPERVISOR_HZ]! > HEARD && talking.customer[AGENT_HZ]! < SILENT, `customer: ${JSON.stringify(talking.customer)}`);
  assert.ok(talking.supervisor[CUSTOMER_HZ]! > HEARD, `supervisor: ${JSON.stringify(talking.supervisor)}`);
  await room.setHold(true, 'audio/PCMU');
  const held = await listen();
  assert.ok(held.customer[SUPERVISOR_HZ]! < SILENT, `the held customer hears only the music: ${JSON.stringify(held.customer)}`);
  assert.ok(held.supervisor[CUSTOMER_HZ]! < SILENT, `the supervisor, now the agent, hears nothing from them: ${JSON.stringify(held.supervisor)}`);
  await room.setHold(false, 'audio/PCMU');
  const back = await listen();
  assert.ok(back.customer[SUPERVISOR_HZ]! > HEARD && back.supervisor[CUSTOMER_HZ]! > HEARD, `after resume: ${JSON.stringify(back)}`);
});
