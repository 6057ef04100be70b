/**
 * Why a call could not be placed. The code decides the words the customer reads
 * (status-messages.ts); the message is for the host page's developer console.
 */
export type WidgetErrorCode =
  /** getUserMedia needs https (or localhost); the page is plain http. */
  | 'insecure-page'
  /** getUserMedia failed; the cause is its DOMException. */
  | 'microphone'
  /** This browser has no WebRTC stack mediasoup-client can drive. */
  | 'unsupported-browser'
  /** The server did not answer (network, CORS, timeout). */
  | 'unreachable'
  /** The embed's data-queue names no queue on the server. */
  | 'unknown-queue'
  | 'rate-limited'
  /** Setting up the audio path through the SFU failed. */
  | 'media'
  /** Anything else the server refused. */
  | 'rejected';

export class WidgetError extends Error {
  constructor(
    readonly code: WidgetErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WidgetError';
  }
}
