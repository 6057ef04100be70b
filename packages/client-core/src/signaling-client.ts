import {
  type Ack,
  type ClientToServerEvents,
  type CommandName,
  type CommandRequest,
  type CommandResult,
  type ErrorCode,
  type EventName,
  type EventPayload,
  type ServerToClientEvents,
  events,
} from '@cc/shared';
import { io, type Socket } from 'socket.io-client';

/** A command the server refused, with its whitelisted code. */
export class CommandError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

type Listener<K extends EventName> = (payload: EventPayload<K>) => void;

export interface SignalingClientOptions {
  /** Server origin, e.g. https://cc.example.com; the page's own origin when omitted. */
  url?: string;
  token: string;
  /** Milliseconds a command waits for its acknowledgement. Default 10 000. */
  timeoutMs?: number;
}

/**
 * The one owner of a socket.io connection. Commands return promises of their typed
 * result; incoming events are validated against the shared schemas before any
 * listener sees them (a malformed event is logged and dropped).
 */
export class SignalingClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly timeoutMs: number;
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();
  private readonly stateListeners = new Set<(state: ConnectionState, detail?: string) => void>();

  constructor(options: SignalingClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const opts = { auth: { token: options.token }, transports: ['websocket'], reconnectionDelayMax: 5_000 };
    this.socket = options.url ? io(options.url, opts) : io(opts);
    for (const name of Object.keys(events) as EventName[]) {
      // socket.io's typed `on` cannot be indexed by a union key; the payload is
      // validated on the next line before anyone sees it.
      (this.socket.on as (ev: string, fn: (payload: unknown) => void) => void)(name, (payload) => {
        const parsed = events[name].safeParse(payload);
        if (!parsed.success) {
          console.warn(`dropped malformed ${name} event`, parsed.error.issues);
          return;
        }
        for (const listener of this.listeners.get(name) ?? []) listener(parsed.data);
      });
    }
    this.socket.on('connect', () => this.emitState('connected'));
    this.socket.on('disconnect', (reason) =>
      this.emitState(reason === 'io client disconnect' ? 'disconnected' : 'reconnecting', reason),
    );
    this.socket.on('connect_error', (err) =>
      this.emitState(this.socket.active ? 'reconnecting' : 'disconnected', err.message),
    );
  }

  on<K extends EventName>(name: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  onConnectionState(listener: (state: ConnectionState, detail?: string) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  async request<K extends CommandName>(name: K, payload: CommandRequest<K>): Promise<CommandResult<K>> {
    // socket.io's typed emitWithAck cannot take a generic command name; the contract
    // table guarantees name and payload agree.
    const socket = this.socket.timeout(this.timeoutMs) as unknown as {
      emitWithAck(ev: K, payload: CommandRequest<K>): Promise<Ack<CommandResult<K>>>;
    };
    let ack: Ack<CommandResult<K>>;
    try {
      ack = await socket.emitWithAck(name, payload);
    } catch {
      throw new CommandError('unavailable', 'The server did not answer in time.');
    }
    if (!ack.ok) throw new CommandError(ack.error.code, ack.error.message);
    return ack.data;
  }

  close(): void {
    this.socket.disconnect();
  }

  private emitState(state: ConnectionState, detail?: string): void {
    for (const listener of this.stateListeners) listener(state, detail);
  }
}
