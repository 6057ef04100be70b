import type { AcdService } from '../acd/acd-service.ts';
import { conflict, forbidden } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { MediaRooms } from '../media/media-service.ts';
import type { MusicCodec } from '../media/music-on-hold.ts';
import type { Notifier } from '../signaling/notifier.ts';
import type { LiveCall } from './live-call.ts';

/**
 * Attended transfer. The agent asks a colleague to join ("consult"): the customer waits
 * on hold with music while the two agents talk; then the agent completes the transfer
 * (leaves; the colleague keeps the customer), makes it a conference (all three talk),
 * or cancels (the colleague leaves; back to the customer).
 *
 *   none ──request──▶ ringing ──accept──▶ talking ──conference──▶ conference
 *            ▲           │ decline/timeout     │ cancel / complete       │ a party leaves
 *            └───────────┴─────────────────────┴─────────────────────────┘
 *
 * The colleague is reserved in the ACD (on-call) under their own claim key, so no
 * queued call is offered to them meanwhile.
 */
export interface ConsultDeps {
  calls: (callId: string) => LiveCall | undefined;
  acd: AcdService;
  media: MediaRooms;
  notifier: Notifier;
  log: Logger;
  recordEvent(call: LiveCall, type: string, agentId: string | null, data?: Record<string, unknown>): void;
  musicCodecOf(call: LiveCall): MusicCodec | null;
  /** How long the colleague's desktop rings before the consult lapses. */
  ringTimeoutMs: (call: LiveCall) => number;
}

export type ConsultOutcome = 'complete' | 'conference' | 'cancel';

export const consultKey = (callId: string) => `${callId}:consult`;
/** The call a claim key belongs to: the call's own id, or a consult key's call. */
export const callOfClaimKey = (key: string) => (key.endsWith(':consult') ? key.slice(0, -':consult'.length) : key);

export class Consultations {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deps: ConsultDeps) {}

  /** The agent on `callId` asks `targetUserId` to join. */
  async request(agentId: string, callId: string, targetUserId: string): Promise<void> {
    const call = this.primaryCall(agentId, callId);
    if (call.consult || call.external) throw conflict('A consultation is already under way on this call.');
    if (targetUserId === agentId) throw conflict('Choose a colleague, not yourself.');
    const target = await this.deps.acd.getAgent(targetUserId);
    if (target?.status !== 'available') throw conflict(`${target?.displayName ?? 'That agent'} is not available.`);
    await this.deps.acd.startOutbound(targetUserId, consultKey(callId));
    call.consult = { agentId: targetUserId, agentName: target.displayName, state: 'ringing', since: new Date() };
    await this.hold(call, true);
    this.deps.recordEvent(call, 'consult-requested', agentId, { to: targetUserId });
    this.deps.notifier.toUser(targetUserId, 'call:consult-requested', {
      callId,
      fromAgentName: call.agentName ?? 'A colleague',
      callerLabel: call.callerLabel,
      queueName: call.queueName,
    });
    this.publish(call);
    const timer = setTimeout(() => {
      if (call.consult?.state === 'ringing') void this.release(call, 'timeout').catch((err) => this.failed(callId, err));
    }, this.deps.ringTimeoutMs(call));
    this.timers.set(callId, timer);
  }

  /** The colleague takes the consult; the caller joins them to the media room. */
  accept(userId: string, callId: string): LiveCall {
    const call = this.deps.calls(callId);
    if (!call?.consult || call.consult.agentId !== userId || call.consult.state !== 'ringing') {
      throw conflict('This consultation is no longer waiting for you.');
    }
    this.clearTimer(callId);
    call.consult.state = 'talking';
    this.deps.recordEvent(call, 'consult-answered', userId);
    this.publish(call);
    return call;
  }

  decline(userId: string, callId: string): Promise<void> {
    const call = this.deps.calls(callId);
    if (!call?.consult || call.consult.agentId !== userId) throw conflict('This consultation is no longer waiting for you.');
    return this.release(call, 'declined');
  }

  /** The agent who asked decides how the consultation ends. */
  async finish(agentId: string, callId: string, outcome: ConsultOutcome): Promise<void> {
    const call = this.primaryCall(agentId, callId);
    const consult = call.consult;
    if (!consult) throw conflict('There is no consultation on this call.');
    if (outcome === 'cancel') {
      await this.release(call, 'cancelled');
      return;
    }
    if (consult.state === 'ringing') throw conflict(`${consult.agentName} has not answered yet.`);
    if (outcome === 'conference') {
      consult.state = 'conference';
      await this.hold(call, false);
      this.deps.recordEvent(call, 'conference', agentId, { with: consult.agentId });
      this.publish(call);
      return;
    }
    await this.handOver(call, 'consult-completed');
  }

  /** A party other than the customer hangs up while a colleague is on the call. */
  async leave(userId: string, call: LiveCall): Promise<void> {
    const consult = call.consult;
    if (!consult) return;
    if (consult.agentId === userId) {
      await this.release(call, 'left');
      return;
    }
    // The agent who asked leaves: the colleague keeps the customer (a transfer).
    if (consult.state === 'ringing') {
      await this.release(call, 'cancelled');
      throw conflict('The consultation was cancelled; hang up again to end the call.');
    }
    await this.handOver(call, consult.state === 'conference' ? 'conference-left' : 'consult-completed');
  }

  /** The whole call ended: the colleague is released with it. */
  async callEnded(call: LiveCall, handledSeconds: number | null): Promise<void> {
    this.clearTimer(call.id);
    const consult = call.consult;
    if (!consult) return;
    call.consult = null;
    this.deps.notifier.leaveCall(consult.agentId, call.id);
    this.deps.notifier.toUser(consult.agentId, 'call:state-changed', call.status());
    await this.deps.acd.callEnded(consult.agentId, consultKey(call.id), call.queueId, handledSeconds);
  }

  /** Whether `userId` takes part in the call's media as the consulted colleague. */
  isColleague(call: LiveCall, userId: string): boolean {
    return call.consult?.agentId === userId && call.consult.state !== 'ringing';
  }

  /** The colleague becomes the call's agent; the one who asked leaves to wrap-up. */
  private async handOver(call: LiveCall, type: string): Promise<void> {
    const consult = call.consult!;
    const leaving = call.agentId!;
    const leavingKey = call.agentCallKey;
    const at = new Date();
    const handled = call.answeredAt ? (at.getTime() - call.answeredAt.getTime()) / 1000 : null;
    this.deps.notifier.leaveCall(leaving, call.id);
    this.deps.media.getRoom(call.id)?.removeParticipant(`agent:${leaving}`);
    call.agentId = consult.agentId;
    call.agentName = consult.agentName;
    call.agentCallKey = consultKey(call.id);
    call.answeredAt = at;
    call.consult = null;
    await this.hold(call, false);
    this.deps.recordEvent(call, type, leaving, { to: consult.agentId });
    this.deps.notifier.toUser(leaving, 'call:state-changed', { ...call.status(), state: 'ended', endReason: 'transferred' });
    await this.deps.acd.callEnded(leaving, leavingKey, call.queueId, handled, { callGoesOn: true });
    this.publish(call);
  }

  /** The colleague goes (declined, cancelled, lapsed, left); the customer is back. */
  private async release(call: LiveCall, why: 'declined' | 'cancelled' | 'timeout' | 'left'): Promise<void> {
    const consult = call.consult;
    if (!consult) return;
    this.clearTimer(call.id);
    const talked = consult.state !== 'ringing';
    call.consult = null;
    this.deps.notifier.leaveCall(consult.agentId, call.id);
    this.deps.media.getRoom(call.id)?.removeParticipant(`agent:${consult.agentId}`);
    const handled = talked ? (Date.now() - consult.since.getTime()) / 1000 : null;
    await this.deps.acd.callEnded(consult.agentId, consultKey(call.id), call.queueId, handled);
    this.deps.notifier.toUser(consult.agentId, 'call:state-changed', {
      ...call.status(),
      state: 'ended',
      endReason: why === 'left' ? 'agent-hangup' : 'transferred',
    });
    this.deps.recordEvent(call, `consult-${why}`, consult.agentId);
    await this.hold(call, false);
    this.publish(call);
  }

  private async hold(call: LiveCall, held: boolean): Promise<void> {
    await this.deps.media.getRoom(call.id)?.setHold(held, this.deps.musicCodecOf(call));
    call.onHold = held;
  }

  private publish(call: LiveCall): void {
    const colleague = call.consult ? [call.consult.agentId] : [];
    this.deps.notifier.toCall(call.id, 'call:state-changed', call.status(), colleague);
  }

  private primaryCall(agentId: string, callId: string): LiveCall {
    const call = this.deps.calls(callId);
    if (!call || call.agentId !== agentId) throw forbidden('You are not on this call.');
    if (call.state !== 'connected') throw conflict('The call is not connected.');
    return call;
  }

  private clearTimer(callId: string): void {
    const timer = this.timers.get(callId);
    if (timer) clearTimeout(timer);
    this.timers.delete(callId);
  }

  private failed(callId: string, err: unknown): void {
    this.deps.log.error({ err, callId }, 'consultation step failed');
  }
}
