import { z } from 'zod';

/**
 * Error codes a client may see. Only these reach the wire: anything else thrown on
 * the server becomes `internal` with a generic message (the detail stays in the log).
 */
export const errorCodes = [
  'bad-request',
  'unauthorized',
  'forbidden',
  'not-found',
  'conflict',
  'rate-limited',
  'unavailable',
  'internal',
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({ code: ErrorCode, message: z.string() });
export type ApiError = z.infer<typeof ApiError>;

/** Every command's acknowledgement: a result or a whitelisted error, never both. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError };
