import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { types } from 'mediasoup-client';
import { UnsupportedSendCodecError, pickSendCodec } from './send-codec.ts';

const capabilities: types.RtpCapabilities = {
  codecs: [
    { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, preferredPayloadType: 100 },
    { kind: 'audio', mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, preferredPayloadType: 0 },
  ],
  headerExtensions: [],
};

test('the wanted codec is found whatever the case of its MIME type', () => {
  assert.equal(pickSendCodec(capabilities, { mimeType: 'audio/pcmu', clockRate: 8000 }).preferredPayloadType, 0);
});

test('a codec the browser cannot send, or at another clock rate, fails in words', () => {
  assert.throws(() => pickSendCodec(capabilities, { mimeType: 'audio/PCMA', clockRate: 8000 }), UnsupportedSendCodecError);
  assert.throws(
    () => pickSendCodec(capabilities, { mimeType: 'audio/PCMU', clockRate: 16000 }),
    /cannot send PCMU audio at 16000 Hz/,
  );
});
