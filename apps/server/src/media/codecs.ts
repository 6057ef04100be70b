import type { types } from 'mediasoup';

/**
 * The router's codecs. Opus first: browsers send it, and the SIP gateway (issue #4)
 * adds G.711 so phones meet browsers without transcoding where they can.
 */
export const routerMediaCodecs: types.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
];
