import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a signed audio URL plays: long enough to listen to a long call and seek in it. */
const DEFAULT_TTL_MS = 60 * 60 * 1000;

/**
 * Short-lived signed URLs for a recording's audio. An `<audio>` element cannot send an
 * Authorization header, so the signed-in client asks GET /api/recordings/:id/audio-url
 * (with its bearer token) and gives the element the URL it gets back. We sign a URL
 * rather than accept the session token in the query string: a URL ends up in access
 * logs, browser history and Referer headers, and a session token there would open the
 * whole API for hours; this signature opens one recording for one user until it
 * expires, and the user's role and access are checked again on every request.
 */
export class RecordingAudioUrls {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly ttlMs = DEFAULT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {
    // A key of its own, derived from the session secret, so these signatures can never
    // be mistaken for session tokens or anything else signed with that secret.
    this.key = createHmac('sha256', secret).update('recording audio url v1').digest();
  }

  sign(recordingId: string, userId: string): { url: string; expiresAt: string } {
    const expires = Math.floor((this.now() + this.ttlMs) / 1000);
    const query = new URLSearchParams({ user: userId, expires: String(expires), signature: this.signature(recordingId, userId, expires) });
    return { url: `/api/recordings/${recordingId}/audio?${query}`, expiresAt: new Date(expires * 1000).toISOString() };
  }

  /** The user the URL was signed for, or null when it is forged, for another recording, or expired. */
  verify(recordingId: string, params: { user: string; expires: number; signature: string }): string | null {
    if (params.expires * 1000 <= this.now()) return null;
    const expected = Buffer.from(this.signature(recordingId, params.user, params.expires), 'base64url');
    const given = Buffer.from(params.signature, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected) ? params.user : null;
  }

  private signature(recordingId: string, userId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${recordingId}\n${userId}\n${expires}`).digest('base64url');
  }
}
