import type { Server as HttpServer } from 'node:http';
import type { AgentSkill, ClientToServerEvents, QueueMembership, ServerToClientEvents } from '@cc/shared';
import { Server, type Socket } from 'socket.io';
import type { AcdService } from '../acd/acd-service.ts';
import { toAgentSnapshot } from '../acd/acd-model.ts';
import type { Claims, TokenService } from '../auth/token-service.ts';
import type { CallService } from '../calls/call-service.ts';
import type { Logger } from '../logging/logger.ts';
import type { MediaRooms } from '../media/media-service.ts';
import { toPublicUser, type UserRepository } from '../users/user-repository.ts';
import { createCallHandlers, createMediaHandlers } from './call-handlers.ts';
import { createCommandRouter } from './command-router.ts';
import { type CommandHandlers, markSessionStarting, registerCommands } from './define-command.ts';
import { rooms, type Notifier } from './notifier.ts';
import { socketAuth } from './socket-auth.ts';

export interface SignalingDeps {
  tokens: TokenService;
  users: UserRepository;
  /** An agent's queues (with tiers) and skills, read at sign-in. */
  agentProfile: (userId: string) => Promise<{ memberships: QueueMembership[]; skills: AgentSkill[] }>;
  acd: AcdService;
  calls: () => CallService;
  media: MediaRooms;
  nodeId: string;
  /** The node carrying a call (shared live state), for commands to reach it. */
  locateCall: (callId: string) => Promise<string | null>;
  /** How long an agent's dropped connection may take to come back. */
  agentGraceMs: number;
  /** How long a customer's dropped connection may take to come back. */
  customerGraceMs: number;
  /** Commands of other slices (the live view's supervisor commands). */
  moreHandlers?: CommandHandlers;
  log: Logger;
}

export type SignalingServer = Server<ClientToServerEvents, ServerToClientEvents>;

/** socket.io, typed by the shared contract, as the services' Notifier. */
export function createNotifier(io: SignalingServer): Notifier {
  return {
    toUser: (userId, event, payload) => void (io.to(rooms.user(userId)).emit as Function)(event, payload),
    toCall: (callId, event, payload, alsoUserIds = []) =>
      void (io.to([rooms.call(callId), ...alsoUserIds.map(rooms.user)]).emit as Function)(event, payload),
    leaveCall: (userId, callId) => io.in(rooms.user(userId)).socketsLeave(rooms.call(callId)),
  };
}

export function createSignalingServer(http: HttpServer): SignalingServer {
  return new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    // Widget customers connect from customers' own sites; tokens, not cookies, authenticate.
    cors: { origin: true, credentials: false },
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });
}

/** Authenticates sockets, registers the commands each role may use, and tracks presence. */
export function attachSignaling(io: SignalingServer, deps: SignalingDeps): { close(): void } {
  const { log } = deps;
  const goneTimers = new Map<string, NodeJS.Timeout>();
  let closed = false;
  io.use(socketAuth(deps.tokens, deps.users));
  const handlers = {
    ...createCallHandlers({ acd: deps.acd, calls: deps.calls() }),
    ...createMediaHandlers({ calls: deps.calls(), media: deps.media }),
    ...deps.moreHandlers,
  };
  const run = createCommandRouter({
    io,
    nodeId: deps.nodeId,
    handlers,
    carries: (callId) => deps.calls().get(callId) !== undefined,
    locate: deps.locateCall,
    log,
  });

  io.on('connection', (socket: Socket) => {
    const principal = socket.data.principal as Claims;
    registerCommands(socket, handlers, run, log);
    const started = onConnected(socket, principal);
    markSessionStarting(socket, started);
    started.catch((err) => {
      log.error({ err }, 'session start failed');
      socket.disconnect(true);
    });
    socket.on('disconnect', (reason) => onDisconnected(principal, reason));
  });

  async function onConnected(socket: Socket, principal: Claims) {
    if (principal.kind === 'customer') {
      cancelGone(rooms.customer(principal.callId));
      await socket.join([rooms.customer(principal.callId), rooms.call(principal.callId)]);
      socket.emit('session:ready', { user: null, agent: null });
      return;
    }
    cancelGone(rooms.user(principal.userId));
    await socket.join(rooms.user(principal.userId));
    const user = await deps.users.findById(principal.userId);
    if (!user) return void socket.disconnect(true);
    if (user.role !== 'agent') {
      socket.emit('session:ready', { user: toPublicUser(user), agent: null });
      return;
    }
    const agent = await deps.acd.signIn({
      userId: user.id,
      displayName: user.displayName,
      ...(await deps.agentProfile(user.id)),
    });
    // Back after a reconnect mid-call: rejoin the call's room.
    if (agent.callId) await socket.join(rooms.call(agent.callId));
    socket.emit('session:ready', { user: toPublicUser(user), agent: toAgentSnapshot(agent) });
  }

  function onDisconnected(principal: Claims, reason: string) {
    // At shutdown the call service ends calls itself; sockets closing then are no news.
    if (closed) return;
    const room = principal.kind === 'customer' ? rooms.customer(principal.callId) : rooms.user(principal.userId);
    if ((io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0) return;
    const calls = deps.calls();
    // A deliberate disconnect (sign-out, widget closed) needs no grace period.
    const deliberate = reason === 'client namespace disconnect';
    if (principal.kind === 'customer') {
      scheduleGone(room, deliberate ? 0 : deps.customerGraceMs, async () => {
        const call = calls.get(principal.callId);
        if (call) await calls.end(call.id, call.state === 'connected' ? 'customer-disconnected' : 'abandoned');
      });
      return;
    }
    if (principal.role !== 'agent') {
      // A supervisor gone for good stops monitoring; a call they took over ends with them.
      scheduleGone(room, deliberate ? 0 : deps.agentGraceMs, () => calls.supervisorGone(principal.userId));
      return;
    }
    scheduleGone(room, deliberate ? 0 : deps.agentGraceMs, () =>
      calls.agentGone(principal.userId, deliberate ? 'Signed out' : 'Connection lost'),
    );
  }

  function scheduleGone(room: string, delayMs: number, action: () => Promise<void>) {
    cancelGone(room);
    goneTimers.set(
      room,
      setTimeout(() => {
        goneTimers.delete(room);
        // Back on this node or another (the adapter asks them all)? Then nothing is gone.
        void io
          .in(room)
          .fetchSockets()
          .then((sockets) => (sockets.length > 0 ? undefined : action()))
          .catch((err) => log.error({ err, room }, 'disconnect handling failed'));
      }, delayMs),
    );
  }

  function cancelGone(room: string) {
    clearTimeout(goneTimers.get(room));
    goneTimers.delete(room);
  }

  return {
    close() {
      closed = true;
      for (const t of goneTimers.values()) clearTimeout(t);
      goneTimers.clear();
    },
  };
}
