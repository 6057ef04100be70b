import type { CallEndReason } from '@cc/shared';
import type { AcdService } from '../acd/acd-service.ts';
import { AppError, conflict, forbidden } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { MediaRooms } from '../media/media-service.ts';
import type { MusicCodec } from '../media/music-on-hold.ts';
import type { Notifier } from '../signaling/notifier.ts';
import type { LiveCall } from './live-call.ts';
import type { OutboundPhoneLeg, PhoneLegEvents } from './phone-leg.ts';
import type { ConsultOutcome } from './consultation.ts';

/**
 * An outside number brought into a call through the trunk, for one of two purposes:
 *
 * - consult: the customer waits on hold while the agent talks to the number; then the
 *   agent completes the transfer (leaves; customer and number talk), makes it a
 *   conference, or cancels (the number is hung up; back to the customer);
 * - transfer (blind): the agent leaves at once; the customer hears music until the
 *   number answers. If it does not (busy, no answer), the customer goes back to the
 *   call's queue rather than being dropped.
 *
 *   dialing ──180──▶ ringing ──200──▶ talking ──conference──▶ conference
 *
 * The number's leg is a participant of role `external`, on the agent's side of the call
 * (it hears the agent even while the customer is held); its SIP events come back under
 * `externalLegId(callId)`.
 */
export interface ExternalPartyDeps {
  calls: (callId: string) => LiveCall | undefined;
  acd: AcdService;
  media: MediaRooms;
  notifier: Notifier;
  log: Logger;
  dial(input: { callId: string; number: string; callerId: string | null }): Promise<OutboundPhoneLeg>;
  callerIdOf(call: LiveCall): Promise<string | null>;
  recordEvent(call: LiveCall, type: string, agentId: string | null, data?: Record<string, unknown>): void;
  musicCodecOf(call: LiveCall): MusicCodec | null;
  endCall(callId: string, reason: CallEndReason): Promise<void>;
  requeue(call: LiveCall): Promise<void>;
}

const suffix = ':external';
export const externalLegId = (callId: string) => `${callId}${suffix}`;
export const callOfExternalLeg = (legId: string) => (legId.endsWith(suffix) ? legId.slice(0, -suffix.length) : null);
const participantKey = (callId: string) => `external:${callId}`;

/**
 * The gateway reports every leg by its id: an outside number's leg (externalLegId) goes
 * to `external` under its call's id, any other (the customer's) to `customer`.
 */
export function routeLegEvents(customer: PhoneLegEvents, external: PhoneLegEvents): PhoneLegEvents {
  const route = (legId: string): [PhoneLegEvents, string] => {
    const callId = callOfExternalLeg(legId);
    return callId ? [external, callId] : [customer, legId];
  };
  return {
    hungUp: (legId) => {
      const [to, id] = route(legId);
      to.hungUp(id);
    },
    failed: (legId, reason) => {
      const [to, id] = route(legId);
      to.failed(id, reason);
    },
    remoteRinging: (legId) => {
      const [to, id] = route(legId);
      to.remoteRinging(id);
    },
    remoteAnswered: (legId) => {
      const [to, id] = route(legId);
      to.remoteAnswered(id);
    },
    event: (legId, type, data) => {
      const [to, id] = route(legId);
      to.event(id, type, data);
    },
  };
}

export class ExternalParties {
  constructor(private readonly deps: ExternalPartyDeps) {}

  /** The agent consults an outside number; the customer waits on hold. */
  async consult(agentId: string, call: LiveCall, number: string): Promise<void> {
    this.assertFree(agentId, call);
    await this.hold(call, true);
    await this.bringIn(call, number, 'consult', agentId);
  }

  /** Blind transfer to a number: the agent leaves now; the customer waits on hold. */
  async transfer(agentId: string, call: LiveCall, number: string, agentLeaves: () => Promise<void>): Promise<void> {
    this.assertFree(agentId, call);
    await this.hold(call, true);
    await this.bringIn(call, number, 'transfer', agentId);
    await agentLeaves();
  }

  /** How the agent ends a consultation with a number. */
  async finish(agentId: string, call: LiveCall, outcome: ConsultOutcome, agentLeaves: () => Promise<void>): Promise<void> {
    const external = call.external;
    if (!external || external.purpose !== 'consult') throw conflict('There is no consultation on this call.');
    if (call.agentId !== agentId) throw forbidden('You are not on this call.');
    if (outcome === 'cancel') {
      await this.drop(call, 'consult-cancelled', agentId);
      return;
    }
    if (external.state === 'dialing' || external.state === 'ringing') throw conflict(`${external.number} has not answered yet.`);
    external.state = 'conference';
    await this.hold(call, false);
    if (outcome === 'conference') {
      this.deps.recordEvent(call, 'conference', agentId, { with: external.number });
      this.publish(call);
      return;
    }
    // Complete: the customer and the number go on talking without the agent.
    external.purpose = 'transfer';
    external.state = 'talking';
    this.deps.recordEvent(call, 'consult-completed', agentId, { to: external.number });
    await agentLeaves();
    this.publish(call);
  }

  /** The agent hangs up with a number on the call: completing if it answered, else cancelling. */
  async agentLeaving(agentId: string, call: LiveCall, agentLeaves: () => Promise<void>): Promise<boolean> {
    const external = call.external;
    if (!external || external.purpose !== 'consult') return false;
    if (external.state === 'dialing' || external.state === 'ringing') {
      await this.drop(call, 'consult-cancelled', agentId);
      return false;
    }
    await this.finish(agentId, call, 'complete', agentLeaves);
    return true;
  }

  /** What the number's leg reports, by the call's id (routeLegEvents strips the suffix). */
  legEvents(): PhoneLegEvents {
    return {
      hungUp: (callId) => this.gone(callId, 'hangup'),
      failed: (callId, reason) => this.gone(callId, reason),
      remoteRinging: (callId) => this.ringing(callId),
      remoteAnswered: (callId) => this.answered(callId),
      event: (callId, type, data) => {
        const call = this.live(callId);
        if (call) this.deps.recordEvent(call, type, null, { ...data, party: 'external' });
      },
    };
  }

  ringing(callId: string): void {
    const call = this.live(callId);
    if (!call?.external || call.external.state !== 'dialing') return;
    call.external.state = 'ringing';
    this.deps.recordEvent(call, 'external-ringing', null, { number: call.external.number });
    this.publish(call);
  }

  answered(callId: string): void {
    const call = this.live(callId);
    const external = call?.external;
    if (!call || !external || (external.state !== 'dialing' && external.state !== 'ringing')) return;
    external.state = 'talking';
    this.deps.recordEvent(call, 'external-answered', null, { number: external.number });
    // A blind transfer is complete when the number answers: the customer comes off hold.
    if (external.purpose === 'transfer') void this.hold(call, false).catch((err) => this.failed(callId, err));
    this.publish(call);
  }

  /** The number hung up or could not be reached. */
  gone(callId: string, reason: CallEndReason | 'hangup'): void {
    const call = this.live(callId);
    const external = call?.external;
    if (!call || !external) return;
    const answered = external.state === 'talking' || external.state === 'conference';
    void (async () => {
      if (external.purpose === 'transfer' && !call.agentId) {
        if (answered) return this.deps.endCall(call.id, 'external-hangup');
        // Nobody answered the transfer: back to the queue rather than dropped.
        this.forget(call, answered ? 'external-hung-up' : 'external-failed', null, reason);
        return this.deps.requeue(call);
      }
      this.forget(call, answered ? 'external-hung-up' : 'external-failed', null, reason);
      // The agent is still there: the customer comes back to them (off hold when the
      // number was consulted; a conference simply goes on with two).
      if (call.onHold && external.state !== 'conference') await this.hold(call, false);
      this.publish(call);
    })().catch((err) => this.failed(callId, err));
  }

  /** The whole call ended: the number is hung up with it. */
  callEnded(call: LiveCall, reason: CallEndReason): void {
    const external = call.external;
    if (!external) return;
    call.external = null;
    external.leg.end(reason);
  }

  private async bringIn(call: LiveCall, number: string, purpose: 'consult' | 'transfer', agentId: string): Promise<void> {
    const room = this.deps.media.getRoom(call.id);
    if (!room) throw new AppError('unavailable', 'The call has no media.');
    let leg: OutboundPhoneLeg;
    try {
      leg = await this.deps.dial({ callId: externalLegId(call.id), number, callerId: await this.deps.callerIdOf(call) });
      await leg.attachMedia(room, { key: participantKey(call.id), role: 'external' });
    } catch (error) {
      await this.hold(call, false).catch(() => undefined);
      throw error instanceof AppError ? error : new AppError('unavailable', `Could not dial ${number}.`, { cause: error });
    }
    call.external = { leg, number, purpose, state: 'dialing', since: new Date() };
    this.deps.recordEvent(call, purpose === 'consult' ? 'consult-requested' : 'transferred', agentId, {
      to: { kind: 'number', number },
    });
    leg.placeCall();
    this.publish(call);
  }

  private async drop(call: LiveCall, type: string, agentId: string | null): Promise<void> {
    const external = call.external;
    if (!external) return;
    this.forget(call, type, agentId, null);
    external.leg.end('agent-hangup');
    if (call.onHold) await this.hold(call, false);
    this.publish(call);
  }

  private forget(call: LiveCall, type: string, agentId: string | null, reason: string | null): void {
    const external = call.external;
    if (!external) return;
    call.external = null;
    this.deps.media.getRoom(call.id)?.removeParticipant(participantKey(call.id));
    this.deps.recordEvent(call, type, agentId, { number: external.number, ...(reason ? { reason } : {}) });
  }

  private assertFree(agentId: string, call: LiveCall): void {
    if (call.agentId !== agentId) throw forbidden('You are not on this call.');
    if (call.state !== 'connected') throw conflict('The call is not connected.');
    if (call.consult || call.external) throw conflict('A consultation is already under way on this call.');
  }

  private async hold(call: LiveCall, held: boolean): Promise<void> {
    await this.deps.media.getRoom(call.id)?.setHold(held, this.deps.musicCodecOf(call));
    call.onHold = held;
  }

  private live(callId: string): LiveCall | undefined {
    const call = this.deps.calls(callId);
    return call && call.state !== 'ended' ? call : undefined;
  }

  private publish(call: LiveCall): void {
    this.deps.notifier.toCall(call.id, 'call:state-changed', call.status());
  }

  private failed(callId: string, err: unknown): void {
    this.deps.log.error({ err, callId }, 'external party step failed');
  }
}
