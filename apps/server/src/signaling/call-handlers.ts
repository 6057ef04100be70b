import type { AcdService } from '../acd/acd-service.ts';
import { toAgentSnapshot } from '../acd/acd-model.ts';
import type { CallService } from '../calls/call-service.ts';
import { AppError } from '../errors.ts';
import type { MediaRooms } from '../media/media-service.ts';
import type { CommandHandlers } from './define-command.ts';
import { rooms } from './notifier.ts';

const userOf = (p: { kind: string }) => {
  if (p.kind !== 'user') throw new AppError('forbidden', 'Sign in as an agent.');
  return p as { kind: 'user'; userId: string; displayName: string };
};

const supervisorOf = (p: { kind: string }) => {
  const user = userOf(p) as { userId: string; displayName: string; role?: string };
  if (user.role !== 'supervisor' && user.role !== 'admin') throw new AppError('forbidden', 'Only supervisors and admins monitor calls.');
  return { userId: user.userId, displayName: user.displayName, role: user.role as 'supervisor' | 'admin' };
};

/** Agent presence and call control commands. */
export function createCallHandlers({ acd, calls }: { acd: AcdService; calls: CallService }): CommandHandlers {
  return {
    'agent:set-status': async ({ status }, { principal }) =>
      toAgentSnapshot(await acd.setStatus(userOf(principal).userId, status)),

    'agent:ready': async (_payload, { principal }) => toAgentSnapshot(await acd.ready(userOf(principal).userId)),

    'call:answer': async ({ callId }, { principal, joinRoom }) => {
      const user = userOf(principal);
      const joined = await calls.answer({ userId: user.userId, displayName: user.displayName }, callId);
      await joinRoom(rooms.call(callId));
      return joined;
    },

    'call:dial': async ({ number, queueId }, { principal, joinRoom }) => {
      const user = userOf(principal);
      const { call, ...joined } = await calls.dial(user, { number, queueId });
      await joinRoom(rooms.call(call.id));
      return { ...joined, status: call.status() };
    },

    'call:consult': async ({ callId, userId, queueId, number }, { principal }) => {
      const target = userId ? { userId } : queueId ? { queueId } : { number: number! };
      await calls.consult(userOf(principal).userId, callId, target);
      return {};
    },

    'call:consult-accept': async ({ callId }, { principal, joinRoom }) => {
      const joined = calls.acceptConsult(userOf(principal).userId, callId);
      await joinRoom(rooms.call(callId));
      return joined;
    },

    'call:consult-decline': async ({ callId }, { principal }) => {
      await calls.declineConsult(userOf(principal).userId, callId);
      return {};
    },

    'call:consult-finish': async ({ callId, outcome }, { principal }) => {
      await calls.finishConsult(userOf(principal).userId, callId, outcome);
      return {};
    },

    'directory:transfer-targets': async (_payload, { principal }) => calls.transferTargets(userOf(principal).userId),

    'call:recording': async ({ callId, action }, { principal }) => {
      await calls.recordingCommand(userOf(principal).userId, callId, action);
      return {};
    },

    'call:transfer': async ({ callId, to }, { principal }) => {
      await calls.transfer(userOf(principal).userId, callId, to);
      return {};
    },

    'call:hold': async ({ callId, held }, { principal }) => {
      await calls.setHold(userOf(principal).userId, callId, held);
      return {};
    },

    'call:send-dtmf': async ({ callId, digits }, { principal }) => {
      await calls.sendDigits(userOf(principal).userId, callId, digits);
      return {};
    },

    'call:decline': async ({ callId }, { principal }) => {
      await calls.decline(userOf(principal).userId, callId);
      return {};
    },

    'call:hangup': async ({ callId }, { principal }) => {
      await calls.hangup(principal, callId);
      return {};
    },

    'supervisor:monitor': async ({ callId, mode }, { principal, joinRoom }) => {
      const { call, joined: _joined, ...joined } = await calls.monitor(supervisorOf(principal), callId, mode);
      await joinRoom(rooms.call(callId));
      return { ...joined, status: call.status() };
    },

    'supervisor:take-over': async ({ callId }, { principal }) => {
      await calls.takeOver(supervisorOf(principal), callId);
      return {};
    },

    'supervisor:leave': async ({ callId }, { principal }) => {
      calls.stopMonitoring(userOf(principal).userId, callId);
      return {};
    },

    'customer:start-call': async (_payload, { principal }) => {
      if (principal.kind !== 'customer') throw new AppError('forbidden', 'Only a widget customer starts a call.');
      const { call, ...joined } = await calls.startWebCall(principal);
      return { ...joined, status: call.status() };
    },
  };
}

/** The WebRTC plumbing commands: each checks the sender is a participant of the call. */
export function createMediaHandlers({ calls, media }: { calls: CallService; media: MediaRooms }): CommandHandlers {
  const roomFor = (callId: string) => {
    const room = media.getRoom(callId);
    if (!room) throw new AppError('not-found', 'That call has no media.');
    return room;
  };
  return {
    'media:create-transport': async ({ callId, direction }, { principal }) =>
      roomFor(callId).createTransport(calls.participantOf(principal, callId), direction),

    'media:connect-transport': async ({ callId, transportId, dtlsParameters }, { principal }) => {
      await roomFor(callId).connectTransport(calls.participantOf(principal, callId), transportId, dtlsParameters as never);
      return {};
    },

    'media:produce': async ({ callId, transportId, rtpParameters }, { principal }) => {
      const participant = calls.participantOf(principal, callId);
      return { producerId: await roomFor(callId).produce(participant, transportId, rtpParameters as never) };
    },

    'media:consume': async ({ callId, transportId, producerId, rtpCapabilities }, { principal }) =>
      roomFor(callId).consume(calls.participantOf(principal, callId), transportId, producerId, rtpCapabilities as never),

    'media:resume-consumer': async ({ callId, consumerId }, { principal }) => {
      await roomFor(callId).resumeConsumer(calls.participantOf(principal, callId), consumerId);
      return {};
    },

    'media:set-producer-paused': async ({ callId, producerId, paused }, { principal }) => {
      await roomFor(callId).setProducerPaused(calls.participantOf(principal, callId), producerId, paused);
      return {};
    },
  };
}
