import type { Ack } from './ack.ts';
import type { CommandName, CommandRequest, CommandResult } from './commands.ts';
import type { EventName, EventPayload } from './events.ts';

/** socket.io's typed maps, derived from the command and event tables, never by hand. */
export type ClientToServerEvents = {
  [K in CommandName]: (payload: CommandRequest<K>, ack: (result: Ack<CommandResult<K>>) => void) => void;
};
export type ServerToClientEvents = {
  [K in EventName]: (payload: EventPayload<K>) => void;
};

/** What a socket sends in its handshake: a user's bearer token or a widget token. */
export type SocketAuth = { token: string };
