import type { ErrorCode } from '@cc/shared';

/**
 * An error whose code and message may be shown to a client. Anything else thrown is
 * reported as `internal` and its detail stays in the server log.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not-found', `${what} was not found.`);
export const conflict = (message: string) => new AppError('conflict', message);
export const forbidden = (message = 'You are not allowed to do that.') => new AppError('forbidden', message);
export const badRequest = (message: string, cause?: unknown) => new AppError('bad-request', message, { cause });
