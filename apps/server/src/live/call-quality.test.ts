import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateMos, POOR_MOS, summariseQuality, type StreamStats } from './call-quality.ts';

const stream = (over: Partial<StreamStats> = {}): StreamStats => ({ fractionLost: 0, packetsLost: 0, packetCount: 500, jitter: 2, ...over });

test('a clean short path rates near the E-model ceiling', () => {
  const mos = estimateMos({ packetLossPercent: 0, jitterMs: 2, roundTripMs: 20 });
  assert.ok(mos > 4.3 && mos <= 4.5, String(mos));
});

test('loss and delay lower the score, each on its own', () => {
  const clean = estimateMos({ packetLossPercent: 0, jitterMs: 5, roundTripMs: 40 });
  const lossy = estimateMos({ packetLossPercent: 10, jitterMs: 5, roundTripMs: 40 });
  const slow = estimateMos({ packetLossPercent: 0, jitterMs: 5, roundTripMs: 600 });
  assert.ok(lossy < clean && slow < clean);
  assert.ok(lossy < POOR_MOS, `10 % loss is poor (${lossy})`);
  assert.ok(estimateMos({ packetLossPercent: 2, jitterMs: 5, roundTripMs: 40 }) > POOR_MOS, '2 % loss is not');
  assert.equal(estimateMos({ packetLossPercent: 100, jitterMs: 500, roundTripMs: 2000 }), 1);
});

test('a call is rated by its worst stream, both ways; loss fractions are RTCP eighths of a byte', () => {
  const quality = summariseQuality({
    received: [stream({ jitter: 12 }), stream({ packetsLost: 3 })],
    sent: [stream({ fractionLost: 64, packetsLost: 40, roundTripTime: 80 })],
  });
  assert.ok(quality);
  assert.equal(quality.packetLossPercent, 25);
  assert.equal(quality.packetsLost, 43);
  assert.equal(quality.jitterMs, 12);
  assert.equal(quality.roundTripMs, 80);
  assert.equal(quality.poor, true);
});

test("a jitter reading of seconds (mediasoup's 32-bit timestamp arithmetic wrapping) is not believed", () => {
  const quality = summariseQuality({ received: [stream({ jitter: 5_592 }), stream({ jitter: 9 })], sent: [] });
  assert.equal(quality?.jitterMs, 9);
});

test('no packets yet: no rating rather than a perfect one', () => {
  assert.equal(summariseQuality({ received: [stream({ packetCount: 0 })], sent: [] }), null);
  const fine = summariseQuality({ received: [stream()], sent: [stream({ roundTripTime: 0 })] });
  assert.equal(fine?.roundTripMs, null);
  assert.equal(fine?.poor, false);
});
