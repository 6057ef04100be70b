import type { LoginResponse } from '@cc/shared';
import { AppError } from '../errors.ts';
import { toPublicUser, type UserRepository } from '../users/user-repository.ts';
import type { LoginRateLimiter } from './login-rate-limiter.ts';
import { verifyPassword } from './passwords.ts';
import type { TokenService } from './token-service.ts';

/** Wrong username and wrong password read the same, so usernames cannot be probed. */
const BAD_CREDENTIALS = 'The username or password is not correct.';

export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
    private readonly limiter: LoginRateLimiter,
  ) {}

  async login(username: string, password: string, clientAddress: string): Promise<LoginResponse> {
    if (!this.limiter.tryAttempt(clientAddress, username)) {
      throw new AppError('rate-limited', 'Too many sign-in attempts. Wait a minute and try again.');
    }
    const user = await this.users.findByUsername(username);
    const ok = user && !user.disabled && (await verifyPassword(password, user.passwordHash));
    if (!user || !ok) throw new AppError('unauthorized', BAD_CREDENTIALS);
    const { token, expiresAt } = await this.tokens.issueUserToken(user);
    return { token, expiresAt: expiresAt.toISOString(), user: toPublicUser(user) };
  }
}
