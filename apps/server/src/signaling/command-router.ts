import type { Ack, CommandName } from '@cc/shared';
import type { Server } from 'socket.io';
import type { Claims } from '../auth/token-service.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';
import { toWireError, type CommandHandlers, type CommandRunner } from './define-command.ts';

/** A command travelling to the node that carries its call. */
interface ForwardedCommand {
  target: string;
  name: CommandName;
  payload: unknown;
  principal: Claims;
  socketId: string;
}

const FORWARD_EVENT = 'cc:command';

/**
 * Runs each command where its call lives. A call's media room and live record are on
 * the node that queued it; an agent connected to another node (offered the call through
 * the shared ACD) has their call commands forwarded there over the socket.io adapter's
 * server-side events, and that node answers with the result. Commands without a call
 * (presence, starting a call) and calls carried here run here.
 */
export function createCommandRouter(options: {
  io: Server;
  nodeId: string;
  handlers: CommandHandlers;
  /** True when this node carries the call. */
  carries(callId: string): boolean;
  /** The node carrying a call, or null when no node claims it. */
  locate(callId: string): Promise<string | null>;
  log: Logger;
}): CommandRunner {
  const { io, nodeId, handlers, log } = options;

  const runHere = (name: CommandName, payload: unknown, context: Parameters<CommandRunner>[2]) => {
    const handler = handlers[name] as ((p: unknown, c: typeof context) => Promise<unknown>) | undefined;
    if (!handler) throw new AppError('bad-request', `Unknown command ${name}.`);
    return handler(payload, context);
  };

  io.on(FORWARD_EVENT as never, ((request: ForwardedCommand, ack: (reply: Ack<unknown> | null) => void) => {
    if (typeof ack !== 'function') return;
    if (request?.target !== nodeId) return ack(null);
    const context = {
      principal: request.principal,
      socketId: request.socketId,
      joinRoom: async (room: string) => io.in(request.socketId).socketsJoin(room),
    };
    runHere(request.name, request.payload, context)
      .then((data) => ack({ ok: true, data }))
      .catch((error) => ack({ ok: false, error: toWireError(error, request.name, log) }));
  }) as never);

  const forward = (target: string, request: Omit<ForwardedCommand, 'target'>) =>
    new Promise<unknown>((resolve, reject) => {
      // The adapter times the acknowledgements out (its requestsTimeout) and passes on
      // whatever replies came; only the target's reply is not null.
      (io.serverSideEmit as (...args: unknown[]) => void).call(io, FORWARD_EVENT, { ...request, target }, (err: unknown, replies: Array<Ack<unknown> | null> = []) => {
        const reply = replies.find((r) => r !== null);
        if (!reply) {
          log.warn({ err, target, command: request.name }, 'forwarded command unanswered');
          return reject(new AppError('unavailable', 'The server carrying this call did not answer.'));
        }
        if (reply.ok) resolve(reply.data);
        else reject(new AppError(reply.error.code, reply.error.message));
      });
    });

  return (async (name, payload, context) => {
    // A customer's commands are all about their one call, named by their token.
    const callId =
      (payload as { callId?: unknown }).callId ?? (context.principal.kind === 'customer' ? context.principal.callId : undefined);
    // Declining needs only the shared ACD, so it runs anywhere.
    if (typeof callId === 'string' && name !== 'call:decline' && !options.carries(callId)) {
      const target = await options.locate(callId);
      if (target && target !== nodeId) {
        return forward(target, { name, payload, principal: context.principal, socketId: context.socketId });
      }
    }
    return runHere(name, payload, context);
  }) as CommandRunner;
}
