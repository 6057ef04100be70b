import type { types } from 'mediasoup-client';

/** The codec a call asks the browser to send with (JoinedCall.sendCodec). */
export interface SendCodec {
  mimeType: string;
  clockRate: number;
}

/**
 * The browser cannot send the codec the call needs, so it cannot take part without
 * the server transcoding, which it does not do. The message can be shown as is.
 */
export class UnsupportedSendCodecError extends Error {
  constructor(readonly wanted: SendCodec) {
    super(
      `This browser cannot send ${wanted.mimeType.replace(/^audio\//i, '')} audio at ${wanted.clockRate} Hz, which this call needs. Try another browser.`,
    );
    this.name = 'UnsupportedSendCodecError';
  }
}

/**
 * Picks the wanted codec among those the loaded device can send (its capabilities are
 * already narrowed to the router's). MIME types compare case-insensitively (RFC 6838
 * §4.2: "audio/PCMU" and "audio/pcmu" are the same type).
 */
export function pickSendCodec(capabilities: types.RtpCapabilities, wanted: SendCodec): types.RtpCodecCapability {
  const mimeType = wanted.mimeType.toLowerCase();
  const codec = capabilities.codecs?.find(
    (c) => c.kind === 'audio' && c.mimeType.toLowerCase() === mimeType && c.clockRate === wanted.clockRate,
  );
  if (!codec) throw new UnsupportedSendCodecError(wanted);
  return codec;
}
