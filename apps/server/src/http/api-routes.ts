import { randomUUID } from 'node:crypto';
import { LoginRequest, WidgetSessionRequest } from '@cc/shared';
import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../auth/auth-service.ts';
import type { TokenService } from '../auth/token-service.ts';
import { notFound } from '../errors.ts';
import type { QueueRepository } from '../queues/queue-repository.ts';
import { validate } from './validate.ts';

export function registerApiRoutes(
  app: FastifyInstance,
  deps: { auth: AuthService; tokens: TokenService; queues: QueueRepository; health: () => Record<string, unknown> },
): void {
  app.post('/api/auth/login', async (request) => {
    const { username, password } = validate(LoginRequest, request.body);
    return deps.auth.login(username, password, request.ip);
  });

  // Called from customers' own web pages, so any origin may ask; it grants one call only.
  app.options('/api/widget/sessions', async (_request, reply) => {
    reply
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'content-type')
      .status(204)
      .send();
  });
  app.post('/api/widget/sessions', async (request, reply) => {
    reply.header('access-control-allow-origin', '*');
    const body = validate(WidgetSessionRequest, request.body);
    const queue = await deps.queues.findByName(body.queue);
    if (!queue) throw notFound(`The queue "${body.queue}"`);
    const callId = randomUUID();
    const { token, expiresAt } = await deps.tokens.issueCustomerToken({
      callId,
      queueName: queue.name,
      callerLabel: body.callerLabel ?? 'Web visitor',
    });
    return { token, callId, expiresAt: expiresAt.toISOString() };
  });

  app.get('/api/health', async () => ({ status: 'ok', ...deps.health() }));
}
