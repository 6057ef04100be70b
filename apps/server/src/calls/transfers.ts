import type { AcdService } from '../acd/acd-service.ts';
import { AppError, conflict, forbidden, notFound } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { MediaRooms } from '../media/media-service.ts';
import type { MusicCodec } from '../media/music-on-hold.ts';
import type { QueueRepository } from '../queues/queue-repository.ts';
import type { Notifier } from '../signaling/notifier.ts';
import type { CallRecordRepository } from './call-record-repository.ts';
import type { ExternalParties } from './external-party.ts';
import type { LiveCall } from './live-call.ts';

export type TransferTarget = { kind: 'queue'; queueId: string } | { kind: 'agent'; userId: string } | { kind: 'number'; number: string };

/**
 * Blind transfers and what they share with the other ways an agent leaves a call that
 * goes on: the agent's side of leaving (media, wrap-up, their desktop told) and the
 * customer's waiting again in a queue (on hold, with music).
 */
export interface TransferDeps {
  calls: (callId: string) => LiveCall | undefined;
  acd: AcdService;
  media: MediaRooms;
  queues: QueueRepository;
  notifier: Notifier;
  log: Logger;
  record(call: LiveCall, write: (r: CallRecordRepository) => Promise<void>): void;
  musicCodecOf(call: LiveCall): MusicCodec | null;
  /** Transfers to a number go through the external parties (built after this). */
  external(): ExternalParties;
}

export class Transfers {
  constructor(private readonly deps: TransferDeps) {}

  /** Transfer targets for an agent: every queue, and the other agents signed in. */
  async targets(agentId: string) {
    const queues = (await this.deps.queues.list()).map((q) => ({ id: q.id, name: q.name, displayName: q.displayName }));
    const agents = (await this.deps.acd.listAgents())
      .filter((a) => a.userId !== agentId && a.status !== 'offline')
      .map((a) => ({ userId: a.userId, displayName: a.displayName, status: a.status }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    return { queues, agents };
  }

  /**
   * Blind transfer: the agent leaves the call (to wrap-up) and the customer, on hold
   * with music, waits for the target queue, or for one agent who is offered it first.
   * The call keeps its id, record and media room; its log shows the chain of legs.
   */
  async transfer(
    agentId: string,
    callId: string,
    to: TransferTarget,
  ): Promise<void> {
    const call = this.deps.calls(callId);
    if (!call || call.agentId !== agentId) throw forbidden('You are not on this call.');
    if (to.kind === 'number') {
      await this.deps.external().transfer(agentId, call, to.number, () => this.agentLeaves(call, agentId));
      return;
    }
    if (call.state !== 'connected') throw conflict('Only a connected call can be transferred.');
    if (to.kind === 'agent' && to.userId === agentId) throw conflict('The call is already yours.');
    const queue = to.kind === 'queue' ? await this.deps.queues.findById(to.queueId) : await this.deps.queues.findById(call.queueId);
    if (!queue) throw notFound('That queue');
    if (to.kind === 'agent') {
      const target = await this.deps.acd.getAgent(to.userId);
      if (!target || target.status === 'offline') throw conflict('That agent is not signed in.');
    }
    const room = this.deps.media.getRoom(callId);
    if (!room) throw new AppError('unavailable', 'The call has no media.');
    const at = new Date();
    const handled = call.answeredAt ? (at.getTime() - call.answeredAt.getTime()) / 1000 : null;
    // The agent leaves first, so that nothing about the music reaches their desktop.
    this.deps.notifier.leaveCall(agentId, callId);
    room.removeParticipant(`agent:${agentId}`);
    await room.setHold(true, this.deps.musicCodecOf(call));
    call.moveTo('queued');
    call.onHold = true;
    call.agentId = null;
    call.agentName = null;
    call.answeredAt = null;
    call.queueId = queue.id;
    call.queueName = queue.name;
    this.deps.record(call, async (r) => {
      await r.appendEvent(call.id, { at, type: 'transferred', agentId, data: { to } });
      await r.markTransferred(call.id, queue.id);
    });
    this.deps.notifier.toUser(agentId, 'call:state-changed', { ...call.status(), state: 'ended', endReason: 'transferred' });
    await this.deps.acd.callEnded(agentId, callId, queue.id, handled);
    this.deps.log.info({ callId, from: agentId, to }, 'call transferred');
    await this.requeue(call, queue.id, to.kind === 'agent' ? to.userId : null);
  }

  /** A customer with no agent waits (on hold, with music) in `queueId` again. */
  async requeue(call: LiveCall, queueId: string, targetAgentId: string | null): Promise<void> {
    if (call.state !== 'queued') call.moveTo('queued');
    this.deps.notifier.toCall(call.id, 'call:state-changed', call.status());
    await this.deps.acd.enqueue({
      callId: call.id,
      queueId,
      queueName: call.queueName,
      callerLabel: call.callerLabel,
      queuedAt: call.queuedAt,
      enteredQueueAt: new Date(),
      targetAgentId,
    });
  }

  /**
   * The agent leaves a call that goes on without them (to an outside number): out of the
   * media, to wrap-up, their desktop told the call went on.
   */
  async agentLeaves(call: LiveCall, agentId: string): Promise<void> {
    const at = new Date();
    const handled = call.answeredAt ? (at.getTime() - call.answeredAt.getTime()) / 1000 : null;
    const key = call.agentCallKey;
    this.deps.notifier.leaveCall(agentId, call.id);
    this.deps.media.getRoom(call.id)?.removeParticipant(`agent:${agentId}`);
    call.agentId = null;
    call.agentName = null;
    this.deps.notifier.toUser(agentId, 'call:state-changed', { ...call.status(), state: 'ended', endReason: 'transferred' });
    await this.deps.acd.callEnded(agentId, key, call.queueId, handled, { callGoesOn: true });
  }
}
