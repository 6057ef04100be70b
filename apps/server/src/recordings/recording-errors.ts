/**
 * A stored recording that cannot be read as audio, and why. `wrong-key` and
 * `key-missing` are configuration problems; `corrupt` means the bytes were damaged or
 * altered (an encrypted chunk failed authentication, or the layout is not ours).
 */
export class RecordingUnreadableError extends Error {
  override name = 'RecordingUnreadableError';

  constructor(
    readonly reason: 'corrupt' | 'wrong-key' | 'key-missing' | 'not-found',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
