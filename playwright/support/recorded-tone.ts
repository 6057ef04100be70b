import { readFileSync } from 'node:fs';

/** A PCM WAV file's audio, mixed down to one channel of samples in [-1, 1]. */
export interface MonoAudio {
  sampleRate: number;
  samples: Float32Array;
}

/**
 * Reads a 16-bit PCM WAV. A file whose writer was stopped before it closed the file
 * has a data size of 0 in its header: the data then runs to the end of the file.
 */
export function readWav(file: string): MonoAudio {
  const wav = readFileSync(file);
  if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${file} is not a WAV file`);
  let format: { channels: number; sampleRate: number; bits: number } | null = null;
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = { channels: wav.readUInt16LE(body + 2), sampleRate: wav.readUInt32LE(body + 4), bits: wav.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!format || format.bits !== 16) throw new Error(`${file}: only 16-bit PCM is read here (${JSON.stringify(format)})`);
      const end = size === 0 || body + size > wav.length ? wav.length : body + size;
      const frames = Math.floor((end - body) / (2 * format.channels));
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < format.channels; c++) sum += wav.readInt16LE(body + (i * format.channels + c) * 2);
        samples[i] = sum / format.channels / 32768;
      }
      return { sampleRate: format.sampleRate, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error(`${file} has no audio data`);
}

export interface ToneMeasurement {
  /** The loudest frequency, by majority over FFT windows of about a quarter second. */
  hz: number;
  /** Share of the windows whose loudest frequency was `hz`. */
  agreement: number;
  /** RMS level over the audible part. */
  rms: number;
  /** How long the recording is, and how much of it is audible (20 ms frames above -40 dBFS). */
  seconds: number;
  audibleSeconds: number;
}

/**
 * A 16-bit stereo WAV (a call recording: customer left, agent side right) as two
 * channels, from the canonical 44-byte header the server writes.
 */
export function readStereoWav(wav: Buffer): { left: MonoAudio; right: MonoAudio; headerDataBytes: number } {
  if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  const channels = wav.readUInt16LE(22);
  const sampleRate = wav.readUInt32LE(24);
  if (channels !== 2 || wav.readUInt16LE(34) !== 16 || wav.toString('ascii', 36, 40) !== 'data') {
    throw new Error('not a 16-bit stereo WAV with a canonical header');
  }
  const frames = Math.floor((wav.length - 44) / 4);
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    left[i] = wav.readInt16LE(44 + i * 4) / 32768;
    right[i] = wav.readInt16LE(46 + i * 4) / 32768;
  }
  return { left: { sampleRate, samples: left }, right: { sampleRate, samples: right }, headerDataBytes: wav.readUInt32LE(40) };
}

/** A stretch of audio from `fromMs` to `toMs`. */
export function slice(audio: MonoAudio, fromMs: number, toMs: number): MonoAudio {
  const at = (ms: number) => Math.max(0, Math.min(audio.samples.length, Math.round((ms / 1000) * audio.sampleRate)));
  return { sampleRate: audio.sampleRate, samples: audio.samples.subarray(at(fromMs), at(toMs)) };
}

/** The loudest absolute sample in the audio, in [0, 1]. */
export function peak(audio: MonoAudio): number {
  let max = 0;
  for (const x of audio.samples) max = Math.max(max, Math.abs(x));
  return max;
}

const audibleRms = 0.01;

/**
 * What a recording mostly carries: its dominant frequency and level, measured on
 * the audible 20 ms frames only, so that silence before the far end starts sending
 * does not count. The analysis mirrors `dominantFrequency` in audio-probe.ts.
 */
export function measureTone({ sampleRate, samples }: MonoAudio): ToneMeasurement {
  const frame = Math.round(sampleRate / 50);
  const audible: number[] = [];
  let energy = 0;
  for (let start = 0; start + frame <= samples.length; start += frame) {
    let sum = 0;
    for (let i = start; i < start + frame; i++) sum += samples[i]! * samples[i]!;
    if (Math.sqrt(sum / frame) > audibleRms) {
      audible.push(start);
      energy += sum;
    }
  }
  const audibleSamples = audible.length * frame;
  const seconds = samples.length / sampleRate;
  if (audible.length === 0) return { hz: 0, agreement: 0, rms: 0, seconds, audibleSeconds: 0 };
  const voiced = new Float32Array(audibleSamples);
  audible.forEach((start, k) => voiced.set(samples.subarray(start, start + frame), k * frame));

  // 2048 points at 8 kHz, 8192 at 48 kHz: bins of 4-6 Hz.
  const size = 2 ** Math.floor(Math.log2(sampleRate / 4));
  const votes = new Map<number, number>();
  let windows = 0;
  for (let start = 0; start + size <= voiced.length; start += size) {
    const bin = loudestBin(voiced.subarray(start, start + size));
    votes.set(bin, (votes.get(bin) ?? 0) + 1);
    windows++;
  }
  const [bin, count] = [...votes.entries()].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  return {
    hz: Math.round((bin * sampleRate) / size),
    agreement: windows ? count / windows : 0,
    rms: Math.sqrt(energy / audibleSamples),
    seconds,
    audibleSeconds: audibleSamples / sampleRate,
  };
}

/**
 * Each of `tones`' level (dB) relative to the loudest frequency in `audio`, from its power
 * spectrum averaged over Hann-windowed blocks of about a quarter second: the recording's
 * counterpart of `toneLevels` in audio-probe.ts. A party heard in a mix is within a few
 * dB of the peak; one not heard is down in the codec's noise, tens of dB below.
 */
export function recordedToneLevels({ sampleRate, samples }: MonoAudio, tones: number[]): number[] {
  const size = 2 ** Math.floor(Math.log2(sampleRate / 4));
  const power = new Float64Array(size / 2);
  let blocks = 0;
  for (let start = 0; start + size <= samples.length; start += size, blocks++) {
    const re = new Float64Array(size);
    const im = new Float64Array(size);
    for (let i = 0; i < size; i++) re[i] = samples[start + i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (size - 1)));
    fft(re, im);
    for (let k = 0; k < size / 2; k++) power[k]! += re[k]! * re[k]! + im[k]! * im[k]!;
  }
  if (blocks === 0) return tones.map(() => -Infinity);
  const db = (p: number) => 10 * Math.log10(p + 1e-20);
  // Above ~50 Hz, as in the page probe: DC and hum are nobody's voice.
  const firstBin = Math.ceil((50 * size) / sampleRate);
  const peak = db(Math.max(...power.subarray(firstBin)));
  const binOf = (hz: number) => Math.round((hz * size) / sampleRate);
  // The loudest bin within ±2 of the tone's (the codec smears a little).
  return tones.map((hz) => Math.max(...[-2, -1, 0, 1, 2].map((d) => db(power[binOf(hz) + d] ?? 0))) - peak);
}

/**
 * Each of `tones`' own level in dBFS (a full-scale sine is 0 dB; the tone files, at half
 * scale, -6 dB), by a Hann-windowed Goertzel over blocks of a quarter second, averaged in
 * power. Unlike `recordedToneLevels` it does not depend on what else is loud, so one
 * party's level alone and in a mix can be compared: a mix that adds a party without
 * turning the others down leaves each where it was.
 */
export function recordedToneDbfs({ sampleRate, samples }: MonoAudio, tones: number[]): number[] {
  const size = Math.round(sampleRate / 4);
  const window = new Float64Array(size);
  let windowSum = 0;
  for (let i = 0; i < size; i++) windowSum += window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (size - 1));
  return tones.map((hz) => {
    const coeff = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
    let power = 0;
    let blocks = 0;
    for (let start = 0; start + size <= samples.length; start += size, blocks++) {
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < size; i++) {
        const s = samples[start + i]! * window[i]! + coeff * s1 - s2;
        s2 = s1;
        s1 = s;
      }
      // A sine of amplitude A gives |X| = A * sum(window) / 2.
      const amplitude = (2 * Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - coeff * s1 * s2))) / windowSum;
      power += amplitude * amplitude;
    }
    return blocks === 0 ? -Infinity : 10 * Math.log10(power / blocks + 1e-20);
  });
}

/** The FFT bin with the most power in a Hann-windowed block (length a power of two); DC left out. */
function loudestBin(block: Float32Array): number {
  const n = block.length;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) re[i] = block[i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
  fft(re, im);
  let peak = 2;
  let peakPower = 0;
  for (let k = 2; k < n / 2; k++) {
    const power = re[k]! * re[k]! + im[k]! * im[k]!;
    if (power > peakPower) {
      peakPower = power;
      peak = k;
    }
  }
  return peak;
}

/** In-place iterative radix-2 FFT. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(angle * k);
        const wi = Math.sin(angle * k);
        const a = i + k;
        const b = a + len / 2;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
}
