import type { CallEndReason } from '@cc/shared';
import type { SipRequest, SipResponse } from 'sip';
import type { OutboundPhoneLeg } from '../calls/phone-leg.ts';
import { type DigestContext, signRequest } from 'sip/digest.js';
import { type AudioCodec, parseRemoteAudio } from './sdp-negotiation.ts';
import type { Remote } from './sip-endpoint.ts';
import { type LegContext, pickTelephoneEvent, SipCallLeg } from './sip-call-leg.ts';

export interface OutboundTarget {
  /** The trunk's address, where the INVITE goes. */
  remote: Remote;
  host: string;
  credentials: { user: string; password: string } | null;
}

/** The far end's final answer, in the words of a call's end reason. */
export function failureReason(status: number, hadProvisional: boolean): CallEndReason {
  if (status === 486 || status === 600) return 'busy';
  if (status === 480 || status === 487 || (status === 408 && hadProvisional)) return 'no-answer';
  if (status === 408 || status === 503 || status === 502 || status === 504 || status === 404 || status === 484 || status === 604) {
    return 'unreachable';
  }
  return 'rejected';
}

/**
 * An agent's call to a number through the trunk: we are the UAC. INVITE with our offer,
 * digest authentication when challenged (401/407), ringing and answer reported to the
 * call service, CANCEL if the agent hangs up first or nobody answers in time.
 */
export class OutboundLeg extends SipCallLeg implements OutboundPhoneLeg {
  readonly direction = 'outbound' as const;
  private invite: SipRequest | null = null;
  private state: 'calling' | 'proceeding' | 'confirmed' = 'calling';
  private digest: DigestContext = {};
  private authTried = false;
  private hadProvisional = false;
  private dialTimer: NodeJS.Timeout | null = null;
  private ack: SipRequest | null = null;

  constructor(
    ctx: LegContext,
    sipCallId: string,
    number: string,
    private readonly target: OutboundTarget,
    private readonly callerId: string,
    private readonly offerCodec: AudioCodec,
    private readonly dialTimeoutMs: number,
  ) {
    super(ctx, sipCallId, number, target.remote);
    this.codec = offerCodec;
    this.telephoneEvent = { payloadType: 101, clockRate: offerCodec.clockRate };
  }

  get sendCodec() {
    return { mimeType: this.offerCodec.mimeType, clockRate: this.offerCodec.clockRate };
  }

  /** Opens the relay and builds the INVITE; placeCall() sends it. */
  async prepare(callId: string): Promise<void> {
    this.callId = callId;
    const relay = await this.openRelay();
    relay.setPayloadTypes(this.offerCodec.payloadType, this.telephoneEvent, this.offerCodec.clockRate);
    const { endpoint } = this.ctx;
    this.localAor = { uri: `sip:${this.callerId}@${endpoint.address}`, params: { tag: this.localTag } };
    this.remoteAor = { uri: `sip:${this.remoteNumber}@${this.target.host}`, params: {} };
    this.invite = {
      method: 'INVITE',
      uri: `sip:${this.remoteNumber}@${this.target.host}:${this.target.remote.port}`,
      headers: {
        to: this.remoteAor,
        from: this.localAor,
        'call-id': this.sipCallId,
        cseq: { seq: ++this.localCseq, method: 'INVITE' },
        contact: endpoint.contact(this.target.remote.protocol),
        'content-type': 'application/sdp',
      },
      content: this.localSdp('sendrecv', [this.offerCodec]),
    };
  }

  placeCall(): void {
    if (!this.invite || this.ended) return;
    this.send(this.invite);
    this.dialTimer = setTimeout(() => {
      if (this.state === 'confirmed' || this.ended) return;
      this.cancel();
      this.ctx.events.failed(this.callId, 'no-answer');
    }, this.dialTimeoutMs);
  }

  answer(): void {}

  end(_reason: CallEndReason): void {
    if (this.ended) return;
    if (this.state === 'confirmed') this.sendBye();
    else this.cancel();
    this.finish();
  }

  /** A 2xx that arrives after its transaction: the far end lost our ACK. */
  onStray2xx(): void {
    if (this.ack) this.ctx.endpoint.sendStateless({ ...this.ack, headers: { ...this.ack.headers, via: undefined } }, this.signalling);
  }

  protected override finish(): void {
    if (this.dialTimer) clearTimeout(this.dialTimer);
    super.finish();
  }

  private send(invite: SipRequest): void {
    this.ctx.endpoint.request(invite, this.target.remote, (response) => this.onResponse(invite, response));
  }

  private onResponse(invite: SipRequest, response: SipResponse): void {
    if (invite !== this.invite) return; // an answer to an INVITE we already replaced
    const status = response.status;
    if (status < 200) {
      if (status === 100 || this.ended) return;
      this.hadProvisional = true;
      if (this.state === 'calling') this.state = 'proceeding';
      this.ctx.events.remoteRinging(this.callId);
      return;
    }
    if (status < 300) {
      this.onAnswered(response);
      return;
    }
    if ((status === 401 || status === 407) && this.target.credentials && !this.authTried && !this.ended) {
      this.authTried = true;
      const retry: SipRequest = {
        ...invite,
        headers: { ...invite.headers, cseq: { seq: ++this.localCseq, method: 'INVITE' }, via: undefined },
      };
      signRequest(this.digest, retry, response, this.target.credentials);
      this.invite = retry;
      this.send(retry);
      return;
    }
    if (this.ended) return;
    this.finish();
    this.ctx.events.failed(this.callId, failureReason(status, this.hadProvisional));
  }

  private onAnswered(response: SipResponse): void {
    this.remoteAor = response.headers.to ?? this.remoteAor;
    const contact = response.headers.contact;
    const uri = Array.isArray(contact) && contact[0] ? contact[0].uri : this.invite!.uri;
    this.remoteTarget = typeof uri === 'string' ? uri : null;
    this.ack = {
      method: 'ACK',
      uri: this.remoteTarget ?? (this.invite!.uri as string),
      headers: {
        to: this.remoteAor!,
        from: this.localAor!,
        'call-id': this.sipCallId,
        cseq: { seq: this.invite!.headers.cseq!.seq, method: 'ACK' },
        'max-forwards': 70,
      },
    };
    this.ctx.endpoint.sendStateless({ ...this.ack, headers: { ...this.ack.headers } }, this.signalling);
    if (this.state === 'confirmed') return; // a retransmitted 2xx: the ACK again was all it needed
    if (this.ended) {
      // We hung up as the answer crossed our CANCEL: end the dialog it made.
      this.sendBye();
      return;
    }
    this.state = 'confirmed';
    if (this.dialTimer) clearTimeout(this.dialTimer);
    try {
      const remote = parseRemoteAudio(response.content ?? '');
      const chosen = remote.codecs.find((c) => c.mimeType === this.offerCodec.mimeType);
      if (!chosen) throw new Error('the answer has none of our codecs');
      this.relay!.setRemote(remote.address, remote.port);
      // Their payload type for events may differ from our offer's; none means no digits.
      this.telephoneEvent = pickTelephoneEvent(remote.telephoneEvents, chosen.clockRate);
      this.relay!.setPayloadTypes(chosen.payloadType, this.telephoneEvent, chosen.clockRate);
    } catch (error) {
      this.ctx.log.warn({ err: error, callId: this.callId }, 'unusable SDP answer: hanging up');
      this.sendBye();
      this.finish();
      this.ctx.events.failed(this.callId, 'rejected');
      return;
    }
    this.relay!.watchForSilence(this.ctx.rtp.timeoutMs);
    this.ctx.events.remoteAnswered(this.callId);
  }

  private cancel(): void {
    const invite = this.invite;
    if (!invite || this.state === 'confirmed') return;
    const cancel: SipRequest = {
      method: 'CANCEL',
      uri: invite.uri,
      headers: {
        via: invite.headers.via,
        to: invite.headers.to,
        from: invite.headers.from,
        'call-id': invite.headers['call-id'],
        cseq: { seq: invite.headers.cseq!.seq, method: 'CANCEL' },
        'max-forwards': 70,
      },
    };
    this.ctx.endpoint.request(cancel, this.target.remote, () => undefined);
  }
}
