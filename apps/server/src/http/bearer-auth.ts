import type { Role } from '@cc/shared';
import type { FastifyRequest } from 'fastify';
import type { TokenService } from '../auth/token-service.ts';
import { AppError, forbidden } from '../errors.ts';
import type { UserRepository } from '../users/user-repository.ts';

/** The signed-in user making a REST request, as the database says now. */
export interface RequestUser {
  userId: string;
  role: Role;
  displayName: string;
}

const unauthorized = (message: string) => new AppError('unauthorized', message);

const signedIn = new WeakMap<FastifyRequest, RequestUser>();

/**
 * A preHandler that admits `Authorization: Bearer <token>` from a user with one of
 * `roles`. Customer (widget) tokens are refused: they grant one call, nothing else.
 * The role and the disabled flag are read from the database on every request, not
 * from the token, so demoting or disabling someone takes effect at once rather than
 * when their token expires.
 */
export function requireRole(deps: { tokens: TokenService; users: UserRepository }, ...roles: Role[]) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match?.[1]) throw unauthorized('Sign in first: send Authorization: Bearer <token>.');
    const claims = await deps.tokens.verify(match[1]);
    if (!claims) throw unauthorized('The token is not valid or has expired. Sign in again.');
    if (claims.kind !== 'user') throw forbidden('A customer token cannot use this API.');
    const user = await deps.users.findById(claims.userId);
    if (!user || user.disabled) throw unauthorized('This account is no longer active.');
    if (!roles.includes(user.role)) throw forbidden();
    signedIn.set(request, { userId: user.id, role: user.role, displayName: user.displayName });
  };
}

/** The user `requireRole` admitted; only call it in a route guarded by it. */
export function requestUser(request: FastifyRequest): RequestUser {
  const user = signedIn.get(request);
  if (!user) throw new Error('requestUser called on a route without requireRole');
  return user;
}
