import alawmulaw from 'alawmulaw';
import OpusScript from 'opusscript';
import { G722Decoder, G722Encoder } from './g722.ts';
import { Downsampler, Upsampler } from './resample.ts';

// A UMD bundle: Node sees one CommonJS export object, not named exports.
const { alaw, mulaw } = alawmulaw;

/**
 * Codecs between RTP payloads and the mixer's PCM: 16-bit mono at 16 kHz, 20 ms frames
 * of 320 samples. Opus is decoded straight to 16 kHz (libopus resamples internally);
 * G.711 is 8 kHz, resampled through resample.ts; G.722 (our own, g722.ts) is 16 kHz audio.
 */
export const MIX_RATE = 16_000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (MIX_RATE * FRAME_MS) / 1000;

export interface AudioDecoder {
  /** One RTP payload to 16 kHz samples (any length the packet carries). */
  decode(payload: Buffer): Int16Array;
  close(): void;
}

export interface AudioEncoder {
  /** One 20 ms frame of 16 kHz samples to one RTP payload. */
  encode(frame: Int16Array): Buffer;
  /** RTP timestamp units per 20 ms frame: the codec's clock rate, not the audio's. */
  readonly timestampStep: number;
  close(): void;
}

/** The codecs the mixer and recorder can decode and encode. */
export type MixableCodec = 'audio/opus' | 'audio/PCMU' | 'audio/PCMA' | 'audio/G722';

export function isMixableCodec(mimeType: string): mimeType is MixableCodec {
  return mixableCodecs.has(mimeType.toLowerCase());
}
const mixableCodecs = new Set(['audio/opus', 'audio/pcmu', 'audio/pcma', 'audio/g722']);

function canonical(mimeType: string): MixableCodec {
  const lower = mimeType.toLowerCase();
  if (lower === 'audio/opus') return 'audio/opus';
  if (lower === 'audio/pcmu') return 'audio/PCMU';
  if (lower === 'audio/pcma') return 'audio/PCMA';
  if (lower === 'audio/g722') return 'audio/G722';
  throw new Error(`No codec for ${mimeType}`);
}

export function createDecoder(mimeType: string): AudioDecoder {
  switch (canonical(mimeType)) {
    case 'audio/opus': {
      const opus = new OpusScript(MIX_RATE, 1, OpusScript.Application.VOIP);
      return {
        decode: (payload) => {
          const pcm = opus.decode(payload);
          return new Int16Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength));
        },
        close: () => opus.delete(),
      };
    }
    case 'audio/PCMU':
      return g711Decoder((payload) => mulaw.decode(payload));
    case 'audio/PCMA':
      return g711Decoder((payload) => alaw.decode(payload));
    case 'audio/G722': {
      const decoder = new G722Decoder();
      return { decode: (payload) => decoder.decode(payload), close: () => undefined };
    }
  }
}

export function createEncoder(mimeType: string): AudioEncoder {
  switch (canonical(mimeType)) {
    case 'audio/opus': {
      const opus = new OpusScript(MIX_RATE, 1, OpusScript.Application.VOIP);
      // Complexity 5 of 10: voice quality stays good at half the CPU of the default.
      opus.encoderCTL(OPUS_SET_COMPLEXITY_REQUEST, 5);
      return {
        encode: (frame) => opus.encode(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength), frame.length),
        timestampStep: 960,
        close: () => opus.delete(),
      };
    }
    case 'audio/PCMU':
      return g711Encoder((samples) => mulaw.encode(samples));
    case 'audio/PCMA':
      return g711Encoder((samples) => alaw.encode(samples));
    case 'audio/G722': {
      const encoder = new G722Encoder();
      return { encode: (frame) => encoder.encode(frame), timestampStep: 160, close: () => undefined };
    }
  }
}

const OPUS_SET_COMPLEXITY_REQUEST = 4010;

function g711Decoder(expand: (payload: Uint8Array) => Int16Array): AudioDecoder {
  const up = new Upsampler();
  return { decode: (payload) => up.process(expand(payload)), close: () => undefined };
}

function g711Encoder(compress: (samples: Int16Array) => Uint8Array): AudioEncoder {
  const down = new Downsampler();
  return { encode: (frame) => Buffer.from(compress(down.process(frame))), timestampStep: 160, close: () => undefined };
}
