import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goertzelAmplitude } from '../../../test/tone-phone.ts';
import { Downsampler, Upsampler } from './resample.ts';

const AMPLITUDE = 8000;
const tone = (hz: number, rate: number, from: number, length: number) =>
  Int16Array.from({ length }, (_, i) => Math.round(AMPLITUDE * Math.sin((2 * Math.PI * hz * (from + i)) / rate)));

/** A tone in 20 ms frames through `step`; the level (dB) of `measureHz` in the output, after 100 ms. */
function levelThrough(step: (frame: Int16Array) => Int16Array, hz: number, rate: number, outRate: number, measureHz = hz): number {
  const frame = rate / 50;
  const out: number[] = [];
  for (let f = 0; f < 25; f++) out.push(...step(tone(hz, rate, f * frame, frame)));
  const amplitude = goertzelAmplitude(Int16Array.from(out.slice(outRate / 10)), measureHz, outRate);
  return 20 * Math.log10(Math.max(amplitude, 1e-6) / AMPLITUDE);
}

test('the telephone band goes through 16 → 8 → 16 kHz within about a decibel', () => {
  for (const hz of [300, 1000, 2000, 3000, 3400]) {
    const down = new Downsampler();
    const up = new Upsampler();
    const level = levelThrough((frame) => up.process(down.process(frame)), hz, 16000, 16000);
    assert.ok(level > -1.2 && level < 0.5, `${hz} Hz: ${level.toFixed(2)} dB`);
  }
});

test('6 kHz does not fold back to 2 kHz when going down to 8 kHz', () => {
  const down = new Downsampler();
  const alias = levelThrough((frame) => down.process(frame), 6000, 16000, 8000, 2000);
  assert.ok(alias < -30, `6 kHz folds to 2 kHz at ${alias.toFixed(1)} dB`);
});

test('going up to 16 kHz keeps the tone and removes its image above 4 kHz', () => {
  const up = new Upsampler();
  const frames: number[] = [];
  for (let f = 0; f < 25; f++) frames.push(...up.process(tone(1000, 8000, f * 160, 160)));
  const out = Int16Array.from(frames.slice(1600));
  const level = (hz: number) => 20 * Math.log10(goertzelAmplitude(out, hz, 16000) / AMPLITUDE);
  // A 1 kHz tone at 8 kHz, zero-stuffed, has its image at 7 kHz.
  assert.ok(level(1000) > -1 && level(7000) < -30, `tone ${level(1000).toFixed(1)} dB, image ${level(7000).toFixed(1)} dB`);
});
