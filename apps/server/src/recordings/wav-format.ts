/**
 * The one audio format recordings are stored and served in: RIFF/WAVE, PCM s16le,
 * stereo (left = customer, right = agent side), 16 kHz. The 44-byte canonical header
 * (RIFF chunk, 16-byte `fmt ` chunk, `data` chunk) is the only layout written; the
 * reader accepts only it too, so nothing here walks arbitrary RIFF chunks.
 */
export const RECORDING_SAMPLE_RATE = 16_000;
export const RECORDING_CHANNELS = 2;
const BITS_PER_SAMPLE = 16;
/** One stereo sample frame: two 16-bit samples. */
export const BYTES_PER_FRAME = (RECORDING_CHANNELS * BITS_PER_SAMPLE) / 8;
export const BYTES_PER_SECOND = RECORDING_SAMPLE_RATE * BYTES_PER_FRAME;
export const WAV_HEADER_BYTES = 44;
/** RIFF sizes are 32-bit: about 18.6 hours of this format. */
export const MAX_DATA_BYTES = 0xffff_ffff - (WAV_HEADER_BYTES - 8);

/** Offsets of the two size fields a growing file patches as it goes. */
export const RIFF_SIZE_OFFSET = 4;
export const DATA_SIZE_OFFSET = 40;

/** The header for `dataBytes` bytes of audio (0 for a file that has just begun). */
export function wavHeader(dataBytes: number): Buffer {
  const header = Buffer.alloc(WAV_HEADER_BYTES);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(WAV_HEADER_BYTES - 8 + dataBytes, RIFF_SIZE_OFFSET);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(RECORDING_CHANNELS, 22);
  header.writeUInt32LE(RECORDING_SAMPLE_RATE, 24);
  header.writeUInt32LE(BYTES_PER_SECOND, 28);
  header.writeUInt16LE(BYTES_PER_FRAME, 32);
  header.writeUInt16LE(BITS_PER_SAMPLE, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, DATA_SIZE_OFFSET);
  return header;
}

/** The two size fields for `dataBytes`, as 4-byte little-endian values. */
export function wavSizeFields(dataBytes: number): { riff: Buffer; data: Buffer } {
  const riff = Buffer.alloc(4);
  riff.writeUInt32LE(WAV_HEADER_BYTES - 8 + dataBytes);
  const data = Buffer.alloc(4);
  data.writeUInt32LE(dataBytes);
  return { riff, data };
}

/**
 * True when `bytes` begin with a header of our format, whatever its size fields say
 * (a file cut off by a crash carries stale or placeholder sizes).
 */
export function isRecordingWavHeader(bytes: Uint8Array): boolean {
  if (bytes.length < WAV_HEADER_BYTES) return false;
  const expected = wavHeader(0);
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, WAV_HEADER_BYTES);
  // Everything but the two size fields must match exactly.
  return (
    b.subarray(0, RIFF_SIZE_OFFSET).equals(expected.subarray(0, RIFF_SIZE_OFFSET)) &&
    b.subarray(8, DATA_SIZE_OFFSET).equals(expected.subarray(8, DATA_SIZE_OFFSET))
  );
}

/** Audio bytes rounded down to whole stereo frames: a torn last frame is dropped. */
export const wholeFrames = (bytes: number): number => Math.max(0, bytes - (bytes % BYTES_PER_FRAME));

export const durationMsOf = (dataBytes: number): number => Math.floor((wholeFrames(dataBytes) * 1000) / BYTES_PER_SECOND);

/** Little-endian s16 bytes of interleaved samples (a copy: the caller may reuse its array). */
export function pcmBytes(samples: Int16Array): Buffer {
  const bytes = Buffer.from(samples.buffer.slice(samples.byteOffset, samples.byteOffset + samples.byteLength));
  if (IS_BIG_ENDIAN) bytes.swap16();
  return bytes;
}
const IS_BIG_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0;
