import type { Socket } from 'socket.io';
import type { AcdService } from '../acd/acd-service.ts';
import { toAgentSnapshot } from '../acd/acd-model.ts';
import type { CallService } from '../calls/call-service.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { MediaRooms } from '../media/media-service.ts';
import { defineCommand } from './define-command.ts';
import { rooms } from './notifier.ts';

/** Agent presence and call control commands. */
export function registerCallHandlers(socket: Socket, deps: { acd: AcdService; calls: CallService; log: Logger }) {
  const { acd, calls, log } = deps;
  const userOf = (p: { kind: string }) => {
    if (p.kind !== 'user') throw new AppError('forbidden', 'Sign in as an agent.');
    return p as { kind: 'user'; userId: string; displayName: string };
  };

  defineCommand(socket, 'agent:set-status', async ({ status }, { principal }) =>
    toAgentSnapshot(await acd.setStatus(userOf(principal).userId, status)), log);

  defineCommand(socket, 'agent:ready', async (_payload, { principal }) =>
    toAgentSnapshot(await acd.ready(userOf(principal).userId)), log);

  defineCommand(socket, 'call:answer', async ({ callId }, { principal, socket }) => {
    const user = userOf(principal);
    const joined = await calls.answer({ userId: user.userId, displayName: user.displayName }, callId);
    await socket.join(rooms.call(callId));
    return joined;
  }, log);

  defineCommand(socket, 'call:decline', async ({ callId }, { principal }) => {
    await calls.decline(userOf(principal).userId, callId);
    return {};
  }, log);

  defineCommand(socket, 'call:hangup', async ({ callId }, { principal }) => {
    await calls.hangup(principal, callId);
    return {};
  }, log);

  defineCommand(socket, 'customer:start-call', async (_payload, { principal }) => {
    if (principal.kind !== 'customer') throw new AppError('forbidden', 'Only a widget customer starts a call.');
    const { call, ...joined } = await calls.startWebCall(principal);
    return { ...joined, status: call.status() };
  }, log);
}

/** The WebRTC plumbing commands: each checks the sender is a participant of the call. */
export function registerMediaHandlers(socket: Socket, deps: { calls: CallService; media: MediaRooms; log: Logger }) {
  const { calls, media, log } = deps;
  const roomFor = (callId: string) => {
    const room = media.getRoom(callId);
    if (!room) throw new AppError('not-found', 'That call has no media.');
    return room;
  };

  defineCommand(socket, 'media:create-transport', async ({ callId, direction }, { principal }) => {
    const participant = calls.participantOf(principal, callId);
    return roomFor(callId).createTransport(participant, direction);
  }, log);

  defineCommand(socket, 'media:connect-transport', async ({ callId, transportId, dtlsParameters }, { principal }) => {
    const participant = calls.participantOf(principal, callId);
    await roomFor(callId).connectTransport(participant, transportId, dtlsParameters as never);
    return {};
  }, log);

  defineCommand(socket, 'media:produce', async ({ callId, transportId, rtpParameters }, { principal }) => {
    const participant = calls.participantOf(principal, callId);
    const producerId = await roomFor(callId).produce(participant, transportId, rtpParameters as never);
    return { producerId };
  }, log);

  defineCommand(socket, 'media:consume', async ({ callId, transportId, producerId, rtpCapabilities }, { principal }) => {
    const participant = calls.participantOf(principal, callId);
    return roomFor(callId).consume(participant, transportId, producerId, rtpCapabilities as never);
  }, log);

  defineCommand(socket, 'media:resume-consumer', async ({ callId, consumerId }, { principal }) => {
    const participant = calls.participantOf(principal, callId);
    await roomFor(callId).resumeConsumer(participant, consumerId);
    return {};
  }, log);

  defineCommand(socket, 'media:set-producer-paused', async ({ callId, producerId, paused }, { principal }) => {
    const participant = calls.participantOf(principal, callId);
    await roomFor(callId).setProducerPaused(participant, producerId, paused);
    return {};
  }, log);
}
