import { type Ack, type CommandName, type CommandResult, type Commands, commands } from '@cc/shared';
import type { z } from 'zod';
import type { Socket } from 'socket.io';
import type { Claims } from '../auth/token-service.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';

/** What a handler may do besides reading its payload: works for a socket on any node. */
export interface CommandContext {
  principal: Claims;
  /** Puts the sender's socket in a socket.io room (on whichever node it is connected). */
  joinRoom(room: string): Promise<void>;
}

export type CommandHandler<K extends CommandName> = (
  payload: z.output<Commands[K]['request']>,
  context: CommandContext,
) => Promise<CommandResult<K>>;

export type CommandHandlers = { [K in CommandName]?: CommandHandler<K> };

/** Runs a validated command here, or on the node that carries its call. */
export type CommandRunner = <K extends CommandName>(
  name: K,
  payload: z.output<Commands[K]['request']>,
  context: CommandContext & { socketId: string },
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
 * Registers every command on a socket: checks the sender's role against the contract,
 * validates the payload, runs it and acknowledges with its result or a whitelisted
 * error. Nothing a peer sends can throw past this wrapper.
 */
export function registerCommands(socket: Socket, handlers: CommandHandlers, run: CommandRunner, log: Logger): void {
  for (const name of Object.keys(handlers) as CommandName[]) defineCommand(socket, name, run, log);
}

function defineCommand<K extends CommandName>(socket: Socket, name: K, run: CommandRunner, log: Logger): void {
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
      const data = await run(name, parsed.data as never, {
        principal,
        socketId: socket.id,
        joinRoom: async (room) => void (await socket.join(room)),
      });
      reply({ ok: true, data });
    } catch (error) {
      reply({ ok: false, error: toWireError(error, name, log) });
    }
  });
}

/** Only AppErrors say what went wrong; anything else is logged and reported vaguely. */
export function toWireError(error: unknown, command: string, log: Logger) {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  log.error({ err: error, command }, 'command failed');
  return { code: 'internal' as const, message: 'Something went wrong on the server.' };
}
