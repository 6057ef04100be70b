import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerDirection, buildSdp, chooseCodec, parseRemoteAudio, SdpError } from './sdp-negotiation.ts';

const offer = (media: string, extra = '', c = '192.0.2.5') =>
  ['v=0', 'o=- 1 1 IN IP4 192.0.2.5', 's=-', `c=IN IP4 ${c}`, 't=0 0', media, ...extra.split('\n').filter(Boolean), ''].join('\r\n');

test('codecs from rtpmap and static payload types, in our order of preference', () => {
  const remote = parseRemoteAudio(offer('m=audio 4000 RTP/AVP 8 0 9 101', 'a=rtpmap:101 telephone-event/8000'));
  assert.deepEqual(remote.codecs.map((c) => c.mimeType), ['audio/PCMA', 'audio/PCMU', 'audio/G722']);
  assert.equal(remote.telephoneEvents.get(8000), 101);
  assert.equal(chooseCodec(remote, ['audio/opus', 'audio/G722', 'audio/PCMU'])?.mimeType, 'audio/G722');
  assert.equal(chooseCodec(remote, ['audio/opus'])?.mimeType ?? null, null);
  assert.equal(remote.address, '192.0.2.5');
  assert.equal(remote.port, 4000);
});

test('opus keeps its dynamic payload type and two channels', () => {
  const remote = parseRemoteAudio(offer('m=audio 4000 RTP/AVP 111 0', 'a=rtpmap:111 opus/48000/2'));
  assert.deepEqual(chooseCodec(remote, ['audio/opus']), { mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 });
});

test('hold, old style and new', () => {
  assert.equal(parseRemoteAudio(offer('m=audio 4000 RTP/AVP 0', 'a=sendonly')).onHold, true);
  assert.equal(parseRemoteAudio(offer('m=audio 4000 RTP/AVP 0', 'a=inactive')).onHold, true);
  assert.equal(parseRemoteAudio(offer('m=audio 4000 RTP/AVP 0', '', '0.0.0.0')).onHold, true);
  assert.equal(parseRemoteAudio(offer('m=audio 4000 RTP/AVP 0')).onHold, false);
  assert.equal(answerDirection('sendonly'), 'recvonly');
  assert.equal(answerDirection('sendrecv'), 'sendrecv');
});

test('no audio, or no address, is an SdpError', () => {
  assert.throws(() => parseRemoteAudio(offer('m=video 4000 RTP/AVP 96')), SdpError);
  assert.throws(() => parseRemoteAudio('v=0\r\nm=audio 4000 RTP/AVP 0\r\n'), SdpError);
});

test('our SDP reads back as what we meant', () => {
  const sdp = buildSdp({
    sessionId: '42',
    version: 2,
    address: '198.51.100.7',
    port: 20002,
    codecs: [{ mimeType: 'audio/PCMU', payloadType: 0, clockRate: 8000, channels: 1 }],
    telephoneEvent: { payloadType: 101, clockRate: 8000 },
    direction: 'recvonly',
  });
  const back = parseRemoteAudio(sdp);
  assert.equal(back.address, '198.51.100.7');
  assert.equal(back.port, 20002);
  assert.equal(back.direction, 'recvonly');
  assert.deepEqual(back.codecs.map((c) => c.payloadType), [0]);
  assert.equal(back.telephoneEvents.get(8000), 101);
});
