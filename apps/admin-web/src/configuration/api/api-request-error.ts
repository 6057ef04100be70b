import { ApiError, type ErrorCode } from '@cc/shared';
import { type FieldErrors, sentence } from '../forms/field-errors.ts';

/**
 * A refused or failed API request, ready to show: `message` is in words, and a 400's
 * `fieldErrors` are keyed like the form's own (see field-errors.ts).
 */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }

  /** From an error answer's body `{ error: { code, message } }` (apps/server/src/http/error-handler.ts). */
  static fromResponse(status: number, body: unknown): ApiRequestError {
    const parsed = ApiError.safeParse((body as { error?: unknown } | null)?.error);
    if (!parsed.success) return new ApiRequestError(status, status >= 500 ? 'internal' : 'bad-request', `The server answered HTTP ${status}.`);
    const { code, message } = parsed.data;
    if (code !== 'bad-request') return new ApiRequestError(status, code, message);
    const fieldErrors = invalidRequestFields(message);
    return new ApiRequestError(status, code, Object.keys(fieldErrors).length > 0 ? 'Some fields need attention.' : message, fieldErrors);
  }
}

const prefix = 'Invalid request: ';
const fieldPath = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

/**
 * The fields named in a 400's message. The server's validator and reference checks
 * (apps/server/src/http/validate.ts, the routes' "no such …") write
 * "Invalid request: skills.0.level: Too big …; teamId: no such team"; a part that names
 * no field ("body: …") is kept under '' for the form as a whole.
 */
export function invalidRequestFields(message: string): FieldErrors {
  if (!message.startsWith(prefix)) return {};
  const errors: Record<string, string> = {};
  for (const part of message.slice(prefix.length).split('; ')) {
    const colon = part.indexOf(': ');
    const path = colon > 0 ? part.slice(0, colon) : '';
    const text = colon > 0 ? part.slice(colon + 2) : part;
    const key = fieldPath.test(path) && path !== 'body' ? path : '';
    errors[key] ??= sentence(key ? text : part.replace(/^body: /, ''));
  }
  return errors;
}
