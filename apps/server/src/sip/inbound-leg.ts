import type { CallEndReason } from '@cc/shared';
import type { SipRequest } from 'sip';
import { type AudioCodec, answerDirection, chooseCodec, parseRemoteAudio, SdpError } from './sdp-negotiation.ts';
import type { Remote } from './sip-endpoint.ts';
import { type LegContext, pickTelephoneEvent, SipCallLeg } from './sip-call-leg.ts';

/** RFC 3261 timers for the 2xx we retransmit ourselves until the ACK comes (13.3.1.4). */
const T1 = 500;
const T2 = 4000;
const TIMER_H = 64 * T1;

/** How we refuse a caller who never reached an agent, by why the call ended. */
const finalResponse: Partial<Record<CallEndReason, [number, string]>> = {
  'queue-full': [486, 'Busy Here'],
  'no-agents': [480, 'Temporarily Unavailable'],
  'max-wait': [480, 'Temporarily Unavailable'],
  'server-shutdown': [503, 'Service Unavailable'],
  'node-failure': [503, 'Service Unavailable'],
  'media-failure': [500, 'Server Internal Error'],
};

/**
 * A call from the phone network: we are the UAS. 180 while the caller waits in the
 * queue, 200 OK with our SDP answer when an agent takes the call (retransmitted until
 * the ACK), a final error response if the call ends before that.
 */
export class InboundLeg extends SipCallLeg {
  readonly direction = 'inbound' as const;
  private state: 'proceeding' | 'accepted' | 'confirmed' = 'proceeding';
  private answerSdp = '';
  private retransmit: NodeJS.Timeout | null = null;
  private giveUp: NodeJS.Timeout | null = null;

  constructor(
    ctx: LegContext,
    private readonly invite: SipRequest,
    remote: Remote,
    callerNumber: string,
  ) {
    super(ctx, invite.headers['call-id']!, callerNumber, remote);
    // Our tag on every response from here on: they all belong to this one dialog.
    invite.headers.to!.params.tag = this.localTag;
    this.localAor = invite.headers.to!;
    this.remoteAor = invite.headers.from!;
    const contact = invite.headers.contact;
    const uri = Array.isArray(contact) && contact[0] ? contact[0].uri : invite.headers.from!.uri;
    this.remoteTarget = typeof uri === 'string' ? uri : null;
  }

  get sendCodec() {
    return { mimeType: this.codec!.mimeType, clockRate: this.codec!.clockRate };
  }

  /**
   * Reads the caller's offer and opens the relay. Returns a refusal (status, reason)
   * when no audio codec matches or the SDP is unusable.
   */
  async negotiate(preference: readonly string[]): Promise<[number, string, string?] | null> {
    if (!this.invite.content) return [488, 'Not Acceptable Here', 'an offer in the INVITE is required'];
    let remote;
    try {
      remote = parseRemoteAudio(this.invite.content);
    } catch (error) {
      return [488, 'Not Acceptable Here', (error as SdpError).message];
    }
    const codec = chooseCodec(remote, preference);
    if (!codec) return [488, 'Not Acceptable Here', 'no common audio codec'];
    this.codec = codec;
    // Softphones often pair opus with telephone-event/8000: taken as offered.
    this.telephoneEvent = pickTelephoneEvent(remote.telephoneEvents, codec.clockRate);
    const relay = await this.openRelay();
    relay.setRemote(remote.address, remote.port);
    relay.setPayloadTypes(codec.payloadType, this.telephoneEvent, codec.clockRate);
    relay.setSending(!remote.onHold);
    this.answerSdp = this.localSdp(answerDirection(remote.direction), [codec] as AudioCodec[]);
    return null;
  }

  ring(): void {
    if (this.ended) return;
    this.ctx.endpoint.reply(this.invite, 180, 'Ringing', {
      headers: { contact: this.ctx.endpoint.contact(this.signalling.protocol) },
    });
  }

  /** Refuses the INVITE (before any call exists). */
  refuse(status: number, reason: string, warning?: string): void {
    if (this.ended) return;
    this.finish();
    this.ctx.endpoint.reply(this.invite, status, reason, warning ? { headers: { warning: `399 gateway "${warning}"` } } : undefined);
  }

  answer(): void {
    if (this.ended || this.state !== 'proceeding') return;
    this.state = 'accepted';
    const send = () => this.ctx.endpoint.reply(this.invite, 200, 'OK', this.sdpBody(this.answerSdp));
    send();
    let interval = T1;
    const again = () => {
      this.retransmit = setTimeout(() => {
        this.ctx.stats.okRetransmissions++;
        send();
        interval = Math.min(interval * 2, T2);
        again();
      }, interval);
    };
    again();
    this.giveUp = setTimeout(() => {
      // No ACK: the caller's side never learned of the answer (RFC 3261 13.3.1.4).
      this.stopRetransmitting();
      if (this.ended) return;
      this.ctx.log.warn({ callId: this.callId }, 'no ACK for 200 OK: ending the call');
      this.sendBye();
      this.finish();
      this.ctx.events.failed(this.callId, 'customer-disconnected');
    }, TIMER_H);
  }

  /** The caller gave up before an answer. */
  onCancel(cancel: SipRequest): void {
    this.ctx.endpoint.reply(cancel, 200, 'OK');
    if (this.state !== 'proceeding' || this.ended) return;
    this.ctx.endpoint.reply(this.invite, 487, 'Request Terminated');
    this.finish();
    this.ctx.events.hungUp(this.callId);
  }

  protected override onAck(): void {
    if (this.state !== 'accepted') return;
    this.state = 'confirmed';
    this.ctx.stats.acksConfirmed++;
    this.stopRetransmitting();
    this.relay?.watchForSilence(this.ctx.rtp.timeoutMs);
  }

  end(reason: CallEndReason): void {
    if (this.ended) return;
    if (this.state === 'proceeding') {
      const [status, text] = finalResponse[reason] ?? [480, 'Temporarily Unavailable'];
      this.ctx.endpoint.reply(this.invite, status, text);
    } else {
      this.stopRetransmitting();
      this.sendBye();
    }
    this.finish();
  }

  protected override finish(): void {
    this.stopRetransmitting();
    super.finish();
  }

  private stopRetransmitting(): void {
    if (this.retransmit) clearTimeout(this.retransmit);
    if (this.giveUp) clearTimeout(this.giveUp);
    this.retransmit = this.giveUp = null;
  }
}
