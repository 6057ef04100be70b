import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { G722Decoder, G722Encoder } from './g722.ts';
import { goertzelAmplitude } from '../../../test/tone-phone.ts';

/**
 * Our G.722 against itself (tones survive, silence stays silent) and against FFmpeg's
 * independent implementation, through fixtures made once with FFmpeg (see
 * fixtures/README.md): both directions must agree octet for octet and sample for sample.
 */
const RATE = 16_000;
const FRAME = 320; // 20 ms at 16 kHz
/** Samples by which the two QMFs delay the decoded audio behind the input. */
const CODEC_DELAY = 22;

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const pcmFixture = (name: string) => {
  const bytes = fixture(name);
  const pcm = new Int16Array(bytes.length / 2);
  for (let i = 0; i < pcm.length; i++) pcm[i] = bytes.readInt16LE(2 * i);
  return pcm;
};

function tone(frequency: number, peak: number, seconds: number): Int16Array {
  const pcm = new Int16Array(RATE * seconds);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(peak * Math.sin((2 * Math.PI * frequency * i) / RATE));
  return pcm;
}

/** Encodes in 20 ms frames, as the mixer will, so state carries across calls. */
function encodeInFrames(encoder: G722Encoder, pcm: Int16Array): Buffer {
  const payloads: Buffer[] = [];
  for (let i = 0; i < pcm.length; i += FRAME) payloads.push(encoder.encode(pcm.subarray(i, i + FRAME)));
  return Buffer.concat(payloads);
}

function decodeInFrames(decoder: G722Decoder, payload: Buffer): Int16Array {
  const pcm = new Int16Array(payload.length * 2);
  for (let i = 0; i < payload.length; i += FRAME / 2) pcm.set(decoder.decode(payload.subarray(i, i + FRAME / 2)), i * 2);
  return pcm;
}

/** The strongest frequency on a 10 Hz grid from 50 Hz to 7.95 kHz. */
function dominantFrequency(samples: Int16Array): number {
  let best = 0;
  let bestPower = -1;
  for (let frequency = 50; frequency < 8000; frequency += 10) {
    const power = goertzelAmplitude(samples, frequency, RATE);
    if (power > bestPower) [best, bestPower] = [frequency, power];
  }
  return best;
}

function rmsDbfs(samples: Int16Array): number {
  let energy = 0;
  for (const sample of samples) energy += sample * sample;
  return 20 * Math.log10(Math.sqrt(energy / samples.length) / 32768);
}

/** SNR of `decoded` against `input` shifted by `delay`, skipping the first `settle` samples. */
function snrDb(input: Int16Array, decoded: Int16Array, delay: number, settle = 1600): number {
  let signal = 0;
  let noise = 0;
  for (let i = settle; i < decoded.length; i++) {
    const reference = input[i - delay]!;
    signal += reference * reference;
    noise += (decoded[i]! - reference) ** 2;
  }
  return 10 * Math.log10(signal / noise);
}

function bestDelay(input: Int16Array, decoded: Int16Array): number {
  let best = 0;
  for (let delay = 1; delay <= 64; delay++) if (snrDb(input, decoded, delay) > snrDb(input, decoded, best)) best = delay;
  return best;
}

function assertSamplesEqual(actual: Int16Array, expected: Int16Array) {
  assert.equal(actual.length, expected.length);
  const firstDifference = actual.findIndex((sample, i) => sample !== expected[i]);
  assert.equal(firstDifference, -1, `first difference at sample ${firstDifference}`);
}

describe('G.722 round trip through our encoder and decoder', () => {
  for (const frequency of [1000, 440]) {
    test(`a ${frequency} Hz tone at -6 dBFS keeps its frequency, level and shape`, () => {
      const input = tone(frequency, 16384, 1);
      const decoded = decodeInFrames(new G722Decoder(), encodeInFrames(new G722Encoder(), input));

      assert.equal(decoded.length, input.length);
      const snr = snrDb(input, decoded, CODEC_DELAY);
      assert.ok(snr > 35, `SNR ${snr.toFixed(1)} dB`);
      const settled = decoded.subarray(1600);
      assert.ok(Math.abs(dominantFrequency(settled) - frequency) <= 10);
      assert.ok(Math.abs(rmsDbfs(settled) - rmsDbfs(input)) < 0.1);
    });
  }

  test('the decoded audio lags the input by the QMF delay', () => {
    // A sweep, unlike a tone, matches itself at one delay only.
    const sweep = new Int16Array(RATE / 2);
    for (let i = 0; i < sweep.length; i++) {
      const t = i / RATE;
      sweep[i] = Math.round(12000 * Math.sin(2 * Math.PI * (100 * t + 3000 * t * t)));
    }
    const decoded = new G722Decoder().decode(new G722Encoder().encode(sweep));
    assert.equal(bestDelay(sweep, decoded), CODEC_DELAY);
    assert.ok(snrDb(sweep, decoded, CODEC_DELAY) > 20);
  });

  test('silence stays quiet', () => {
    const decoded = new G722Decoder().decode(new G722Encoder().encode(new Int16Array(RATE)));
    // ADPCM at its smallest step leaves a few LSBs of idle noise, nothing audible.
    const loudest = decoded.reduce((max, sample) => Math.max(max, Math.abs(sample)), 0);
    assert.ok(loudest <= 8, `loudest sample ${loudest}`);
    assert.ok(rmsDbfs(decoded) < -75, `idle noise ${rmsDbfs(decoded).toFixed(1)} dBFS`);
  });

  test('one octet per two samples, two samples per octet', () => {
    const payload = new G722Encoder().encode(new Int16Array(FRAME));
    assert.equal(payload.length, FRAME / 2);
    assert.equal(new G722Decoder().decode(payload).length, FRAME);
  });

  test('an odd number of samples is refused', () => {
    assert.throws(() => new G722Encoder().encode(new Int16Array(3)), RangeError);
  });

  test('each instance is its own stream', () => {
    const first = tone(1000, 16384, 0.2);
    const second = tone(440, 8000, 0.2);
    const alone = [new G722Encoder().encode(first), new G722Encoder().encode(second)];
    const a = new G722Encoder();
    const b = new G722Encoder();
    const interleaved = [Buffer.alloc(0), Buffer.alloc(0)];
    for (let i = 0; i < first.length; i += FRAME) {
      interleaved[0] = Buffer.concat([interleaved[0]!, a.encode(first.subarray(i, i + FRAME))]);
      interleaved[1] = Buffer.concat([interleaved[1]!, b.encode(second.subarray(i, i + FRAME))]);
    }
    assert.deepEqual(interleaved, alone);
    // And a stream's state matters: the second frame alone does not code like the second frame.
    assert.notDeepEqual(new G722Encoder().encode(first.subarray(FRAME, 2 * FRAME)), alone[0]!.subarray(FRAME / 2, FRAME));
  });
});

describe('G.722 against FFmpeg (fixtures)', () => {
  test("FFmpeg's 1 kHz tone decodes with its frequency and level", () => {
    const decoded = new G722Decoder().decode(fixture('tone-1khz.ffmpeg.g722'));
    const settled = decoded.subarray(1600);
    assert.equal(dominantFrequency(settled), 1000);
    // A sine of -6 dBFS peak is -9.03 dBFS RMS.
    assert.ok(Math.abs(rmsDbfs(settled) - -9.03) < 0.1, `level ${rmsDbfs(settled).toFixed(2)} dBFS`);
  });

  for (const name of ['tone-1khz', 'stress']) {
    test(`${name}: our decoder matches FFmpeg's sample for sample`, () => {
      const decoded = decodeInFrames(new G722Decoder(), fixture(`${name}.ffmpeg.g722`));
      assertSamplesEqual(decoded, pcmFixture(`${name}.ffmpeg-decoded.s16le`));
    });

    test(`${name}: our encoder emits FFmpeg's octets`, () => {
      const encoded = encodeInFrames(new G722Encoder(), pcmFixture(`${name}.s16le`));
      assert.ok(encoded.equals(fixture(`${name}.ffmpeg.g722`)));
    });
  }

  test("our 1 kHz encoding decodes in FFmpeg's decoder as in ours", () => {
    // FFmpeg decoded our encoding of tone-1khz by hand into the same file as its own.
    const ours = new G722Encoder().encode(pcmFixture('tone-1khz.s16le'));
    assertSamplesEqual(new G722Decoder().decode(ours), pcmFixture('tone-1khz.ffmpeg-decoded.s16le'));
  });

  test("random octets (every code, saturation) decode as FFmpeg's do", () => {
    const decoded = decodeInFrames(new G722Decoder(), fixture('random-payload.g722'));
    assertSamplesEqual(decoded, pcmFixture('random-payload.ffmpeg-decoded.s16le'));
  });
});
