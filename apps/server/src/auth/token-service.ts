import type { Role } from '@cc/shared';
import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';

/** What a verified token says about its bearer. */
export type Claims =
  | { kind: 'user'; userId: string; role: Role; displayName: string }
  | { kind: 'customer'; callId: string; queueName: string; callerLabel: string };

const UserClaims = z.object({
  kind: z.literal('user'),
  sub: z.string(),
  role: z.enum(['agent', 'supervisor', 'admin']),
  name: z.string(),
});
const CustomerClaims = z.object({
  kind: z.literal('customer'),
  sub: z.string(),
  queue: z.string(),
  label: z.string(),
});
const TokenClaims = z.discriminatedUnion('kind', [UserClaims, CustomerClaims]);

/** A widget token is good for connecting for this long; the call itself may last longer. */
const CUSTOMER_TOKEN_TTL_SECONDS = 10 * 60;

/** Signs and verifies HS256 JWTs for users (sessions) and customers (one call each). */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly userTtlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issueUserToken(user: { id: string; role: Role; displayName: string }) {
    return this.sign({ kind: 'user', role: user.role, name: user.displayName }, user.id, this.userTtlSeconds);
  }

  async issueCustomerToken(call: { callId: string; queueName: string; callerLabel: string }) {
    return this.sign(
      { kind: 'customer', queue: call.queueName, label: call.callerLabel },
      call.callId,
      CUSTOMER_TOKEN_TTL_SECONDS,
    );
  }

  /** The bearer's claims, or null for a token that is forged, expired or malformed. */
  async verify(token: string): Promise<Claims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      const claims = TokenClaims.parse(payload);
      return claims.kind === 'user'
        ? { kind: 'user', userId: claims.sub, role: claims.role, displayName: claims.name }
        : { kind: 'customer', callId: claims.sub, queueName: claims.queue, callerLabel: claims.label };
    } catch {
      return null;
    }
  }

  private async sign(claims: Record<string, unknown>, subject: string, ttlSeconds: number) {
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }
}
