import type { ErrorCode } from '@cc/shared';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

export const httpStatusOf: Record<ErrorCode, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'rate-limited': 429,
  unavailable: 503,
  internal: 500,
};

/** Every error leaves as `{ error: { code, message } }`; only AppErrors say what went wrong. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(httpStatusOf[error.code]).send({ error: { code: error.code, message: error.message } });
    }
    if (error.statusCode && error.statusCode < 500) {
      // Fastify's own rejections: unparsable JSON, body too large, wrong content type.
      return reply.status(error.statusCode).send({ error: { code: 'bad-request', message: error.message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on the server.' } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not-found', message: `No route for ${request.method} ${request.url}.` } }),
  );
}
