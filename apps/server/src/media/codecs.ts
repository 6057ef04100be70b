import type { types } from 'mediasoup';

/**
 * The router's codecs. Opus first: browsers send it by default. G.711 and G.722 are
 * there for phones: browsers can send them too, so on a phone call the browser is told
 * to send the phone's codec (JoinedCall.sendCodec) and no one transcodes.
 */
export const routerMediaCodecs: types.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'audio', mimeType: 'audio/PCMU', clockRate: 8000 },
  { kind: 'audio', mimeType: 'audio/PCMA', clockRate: 8000 },
  { kind: 'audio', mimeType: 'audio/G722', clockRate: 8000 },
];

/** A codec as RTP names it: what a phone leg negotiated, or what a mix is sent in. */
export interface RtpCodec {
  mimeType: string;
  payloadType: number;
  clockRate: number;
  channels: number;
}

/** Parameters for producing one audio stream in `codec` under `ssrc`. */
export function sendParameters(codec: RtpCodec, ssrc: number): types.RtpParameters {
  return { codecs: [codecEntry(codec)], encodings: [{ ssrc }] };
}

/** What a receiver that takes exactly `codec` can consume (a phone leg). */
export function receiveCapabilities(codec: RtpCodec): types.RtpCapabilities {
  const { payloadType, ...rest } = codecEntry(codec);
  return { codecs: [{ kind: 'audio', ...rest, preferredPayloadType: payloadType }], headerExtensions: [] };
}

function codecEntry(codec: RtpCodec) {
  return {
    mimeType: codec.mimeType,
    payloadType: codec.payloadType,
    clockRate: codec.clockRate,
    // mediasoup wants channels only for multi-channel codecs (Opus is signalled as 2).
    ...(codec.channels > 1 ? { channels: codec.channels } : {}),
  };
}
