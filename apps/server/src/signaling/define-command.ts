import { type Ack, type CommandName, type CommandResult, type Commands, commands } from '@cc/shared';
import type { z } from 'zod';
import type { Socket } from 'socket.io';
import type { Claims } from '../auth/token-service.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';

export type CommandHandler<K extends CommandName> = (
  payload: z.output<Commands[K]['request']>,
  context: { principal: Claims; socket: Socket },
) => Promise<CommandResult<K>>;

const principalRole = (p: Claims) => (p.kind === 'customer' ? 'customer' : p.role);

/** Set by the connection handler: settles when the socket's session has started. */
export function markSessionStarting(socket: Socket, started: Promise<void>): void {
  socket.data.sessionStarted = started;
}

async function sessionStarted(socket: Socket): Promise<void> {
  const started = socket.data.sessionStarted as Promise<void> | undefined;
  if (!started) return;
  try {
    await started;
  } catch {
    throw new AppError('unavailable', 'Your session could not start. Please reconnect.');
  }
}

/**
 * Registers one command on a socket: checks the sender's role against the contract,
 * validates the payload, runs the handler and acknowledges with its result or a
 * whitelisted error. Nothing a peer sends can throw past this wrapper.
 */
export function defineCommand<K extends CommandName>(
  socket: Socket,
  name: K,
  handler: CommandHandler<K>,
  log: Logger,
): void {
  const contract = commands[name];
  socket.on(name as string, async (payload: unknown, ack: unknown) => {
    // A command without an acknowledgement callback is malformed; drop it.
    if (typeof ack !== 'function') return;
    const reply = (result: Ack<CommandResult<K>>) => {
      try {
        (ack as (r: Ack<CommandResult<K>>) => void)(result);
      } catch (err) {
        log.warn({ err, command: name }, 'acknowledgement failed');
      }
    };
    const principal = socket.data.principal as Claims;
    if (!(contract.roles as readonly string[]).includes(principalRole(principal))) {
      reply({ ok: false, error: { code: 'forbidden', message: `Your role may not use ${name}.` } });
      return;
    }
    const parsed = contract.request.safeParse(payload);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`)
        .join('; ');
      reply({ ok: false, error: { code: 'bad-request', message: `Invalid ${name}: ${detail}` } });
      return;
    }
    try {
      // A command sent the moment the socket connects waits for the session to start
      // (the agent signed in to the ACD), so it never races ahead of it.
      await sessionStarted(socket);
      const data = await handler(parsed.data as never, { principal, socket });
      reply({ ok: true, data });
    } catch (error) {
      if (error instanceof AppError) {
        reply({ ok: false, error: { code: error.code, message: error.message } });
        return;
      }
      log.error({ err: error, command: name }, 'command failed');
      reply({ ok: false, error: { code: 'internal', message: 'Something went wrong on the server.' } });
    }
  });
}
