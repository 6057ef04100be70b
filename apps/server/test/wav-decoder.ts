/**
 * A WAV reader for tests, written from the RIFF layout (not from the server's own
 * wav-format.ts), so a mistake there cannot hide itself: it walks every chunk, checks
 * the sizes add up to the file, and returns the PCM de-interleaved by channel.
 */
export interface DecodedWav {
  format: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  /** channel → samples */
  samples: Int16Array[];
  durationMs: number;
}

export function decodeWav(file: Buffer): DecodedWav {
  const fail = (message: string): never => {
    throw new Error(`Not a valid WAV: ${message}`);
  };
  if (file.length < 12 || file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') fail('no RIFF/WAVE');
  if (file.readUInt32LE(4) !== file.length - 8) fail(`RIFF size ${file.readUInt32LE(4)} but ${file.length - 8} bytes follow`);
  let fmt: Buffer | null = null;
  let data: Buffer | null = null;
  for (let at = 12; at < file.length; ) {
    if (at + 8 > file.length) fail('truncated chunk header');
    const id = file.toString('ascii', at, at + 4);
    const size = file.readUInt32LE(at + 4);
    if (at + 8 + size > file.length) fail(`chunk ${id} runs past the end`);
    const body = file.subarray(at + 8, at + 8 + size);
    if (id === 'fmt ') fmt = body;
    if (id === 'data') data = body;
    at += 8 + size + (size % 2);
  }
  if (!fmt || !data) return fail('missing fmt or data chunk');
  const format = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const byteRate = fmt.readUInt32LE(8);
  const blockAlign = fmt.readUInt16LE(12);
  const bitsPerSample = fmt.readUInt16LE(14);
  if (format !== 1 || bitsPerSample !== 16) fail('not 16-bit PCM');
  if (blockAlign !== channels * 2 || byteRate !== sampleRate * blockAlign) fail('inconsistent fmt');
  if (data.length % blockAlign !== 0) fail('data is not whole frames');
  const frames = data.length / blockAlign;
  const samples = Array.from({ length: channels }, () => new Int16Array(frames));
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels; c++) samples[c]![f] = data.readInt16LE(f * blockAlign + c * 2);
  }
  return { format, channels, sampleRate, byteRate, blockAlign, bitsPerSample, samples, durationMs: (frames * 1000) / sampleRate };
}

/** Interleaved stereo: a tone on the left, another on the right, `ms` long, from sample `from`. */
export function stereoTones(ms: number, from = 0, rate = 16_000, left = 440, right = 660): Int16Array {
  const frames = Math.round((rate * ms) / 1000);
  const out = new Int16Array(frames * 2);
  for (let i = 0; i < frames; i++) {
    const t = (from + i) / rate;
    out[2 * i] = Math.round(8000 * Math.sin(2 * Math.PI * left * t));
    out[2 * i + 1] = Math.round(8000 * Math.sin(2 * Math.PI * right * t));
  }
  return out;
}
