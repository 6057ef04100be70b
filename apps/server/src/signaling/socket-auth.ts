import type { Socket } from 'socket.io';
import type { Claims, TokenService } from '../auth/token-service.ts';
import type { UserRepository } from '../users/user-repository.ts';

/**
 * Handshake check: every socket carries a token in `auth.token`. A user's token must
 * still name an enabled account; a customer's names its one call. Failures reach the
 * client as connect_error 'unauthorized'.
 */
export function socketAuth(tokens: TokenService, users: UserRepository) {
  return async (socket: Socket, next: (err?: Error) => void) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const claims: Claims | null = typeof token === 'string' && token.length < 4096 ? await tokens.verify(token) : null;
    if (!claims) return next(new Error('unauthorized'));
    if (claims.kind === 'user') {
      const user = await users.findById(claims.userId).catch(() => null);
      if (!user || user.disabled) return next(new Error('unauthorized'));
    }
    socket.data.principal = claims;
    next();
  };
}
