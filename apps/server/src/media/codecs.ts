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
