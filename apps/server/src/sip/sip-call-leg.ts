import { randomBytes, randomInt } from 'node:crypto';
import type { CallDirection, CallEndReason } from '@cc/shared';
import type { NameAddr, SipRequest } from 'sip';
import type { PhoneLeg, PhoneLegEvents } from '../calls/phone-leg.ts';
import type { Logger } from '../logging/logger.ts';
import type { CallRoom, Participant } from '../media/call-room.ts';
import { type AudioCodec, answerDirection, buildSdp, parseRemoteAudio, SdpError } from './sdp-negotiation.ts';
import type { Remote, SipEndpoint } from './sip-endpoint.ts';
import { digitFromInfo } from './telephone-event.ts';
import { RtpRelay, type RtpRelayOptions } from './rtp-relay.ts';

export interface LegContext {
  endpoint: SipEndpoint;
  events: PhoneLegEvents;
  log: Logger;
  rtp: Omit<RtpRelayOptions, 'ssrc'> & { announcedIp: string; timeoutMs: number };
  /** Gateway-wide counts, for tests and metrics. */
  stats: LegStats;
}

export interface LegStats {
  /** 200 OKs sent again because no ACK had come. */
  okRetransmissions: number;
  /** ACKs that confirmed an answered inbound call. */
  acksConfirmed: number;
  rtpTimeouts: number;
}

/**
 * What inbound and outbound SIP legs share once a dialog exists: the RTP relay and its
 * PlainTransport, requests inside the dialog (BYE, re-INVITE for hold, INFO digits),
 * and hanging up. Subclasses own the INVITE transaction that creates the dialog.
 */
export abstract class SipCallLeg implements PhoneLeg {
  abstract readonly direction: CallDirection;
  abstract readonly sendCodec: { mimeType: string; clockRate: number };
  /** Our call id (the call record's), not the SIP Call-ID. */
  callId = '';
  relay: RtpRelay | null = null;
  codec: AudioCodec | null = null;
  /** RFC 4733 as negotiated; null when the far end offered none. */
  telephoneEvent: { payloadType: number; clockRate: number } | null = null;
  /** Set once we or they have ended the dialog: nothing more is sent. */
  protected ended = false;
  protected localTag = randomBytes(6).toString('hex');
  protected localCseq = randomInt(1, 10_000);
  protected sdpVersion = 1;
  protected readonly sdpSessionId = String(randomInt(1, 2 ** 31));
  /** Where in-dialog requests go (the far end's Contact) and over which address they travel. */
  protected remoteTarget: string | null = null;
  protected localAor: NameAddr | null = null;
  protected remoteAor: NameAddr | null = null;

  constructor(
    protected readonly ctx: LegContext,
    readonly sipCallId: string,
    readonly remoteNumber: string,
    /** Where the far end's signalling comes from and goes to (symmetric, NAT-friendly). */
    protected readonly signalling: Remote,
  ) {}

  abstract answer(): void;
  abstract end(reason: CallEndReason): void;

  async attachMedia(room: CallRoom, participant: Participant): Promise<void> {
    if (!this.relay || !this.codec) throw new Error('phone leg has no media negotiated');
    const { localPort } = await room.addPhoneLeg(
      participant,
      { codec: this.codec, ssrc: this.relay.ssrc, relayPort: this.relay.internalPort },
    );
    this.relay.connectMediasoup(localPort);
  }

  sendDigits(digits: string): Promise<void> {
    if (!this.relay || !this.telephoneEvent) return Promise.reject(new NoDigitsError());
    return this.relay.sendDigits(digits);
  }

  /** A request inside our dialog. */
  onDialogRequest(request: SipRequest): void {
    const { endpoint } = this.ctx;
    switch (request.method) {
      case 'BYE':
        endpoint.reply(request, 200, 'OK');
        this.finish();
        this.ctx.events.hungUp(this.callId);
        return;
      case 'INVITE':
        this.onReInvite(request);
        return;
      case 'INFO': {
        const digit = digitFromInfo(String(request.headers['content-type'] ?? ''), request.content ?? '');
        endpoint.reply(request, digit || !request.content ? 200 : 415, digit || !request.content ? 'OK' : 'Unsupported Media Type');
        if (digit) this.ctx.events.event(this.callId, 'dtmf', { digit, via: 'info' });
        return;
      }
      case 'OPTIONS':
        endpoint.reply(request, 200, 'OK', { headers: { allow: 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO' } });
        return;
      case 'ACK':
        this.onAck();
        return;
      default:
        endpoint.reply(request, 405, 'Method Not Allowed', { headers: { allow: 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO' } });
    }
  }

  protected onAck(): void {}

  /** Opens the relay for a codec chosen from, or offered to, the far end. */
  protected async openRelay(): Promise<RtpRelay> {
    const relay = await RtpRelay.open({ ...this.ctx.rtp, ssrc: randomInt(1, 2 ** 31) });
    relay.on('dtmf', (digit) => this.ctx.events.event(this.callId, 'dtmf', { digit, via: 'rfc4733' }));
    relay.on('timeout', () => {
      if (this.ended) return;
      this.ctx.stats.rtpTimeouts++;
      this.ctx.log.warn({ callId: this.callId }, 'no RTP from the phone: ending the call');
      this.ctx.events.failed(this.callId, 'rtp-timeout');
    });
    this.relay = relay;
    return relay;
  }

  protected localSdp(direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive', codecs: AudioCodec[]): string {
    return buildSdp({
      sessionId: this.sdpSessionId,
      version: this.sdpVersion++,
      address: this.ctx.rtp.announcedIp,
      port: this.relay!.port,
      codecs,
      telephoneEvent: this.telephoneEvent,
      direction,
    });
  }

  /** Hold and resume from the phone: a new offer on the same codec. */
  private onReInvite(request: SipRequest): void {
    const { endpoint } = this.ctx;
    if (!request.content) {
      endpoint.reply(request, 200, 'OK', this.sdpBody(this.localSdp('sendrecv', [this.codec!])));
      return;
    }
    let remote;
    try {
      remote = parseRemoteAudio(request.content);
    } catch (error) {
      endpoint.reply(request, 488, 'Not Acceptable Here', { headers: { warning: `399 gateway "${(error as SdpError).message}"` } });
      return;
    }
    const wasSending = this.holdState !== 'held';
    this.relay!.setRemote(remote.address, remote.port);
    this.relay!.setSending(!remote.onHold && remote.direction !== 'recvonly');
    const direction = remote.address === '0.0.0.0' ? 'inactive' : answerDirection(remote.direction);
    endpoint.reply(request, 200, 'OK', this.sdpBody(this.localSdp(direction, [this.codec!])));
    this.holdState = remote.onHold ? 'held' : 'active';
    // A phone on hold with a=inactive sends nothing; silence is not a failure then.
    this.relay!.watchForSilence(remote.onHold ? 0 : this.ctx.rtp.timeoutMs);
    if (wasSending && remote.onHold) this.ctx.events.event(this.callId, 'held', { by: 'phone', direction: remote.direction });
    if (!wasSending && !remote.onHold) this.ctx.events.event(this.callId, 'resumed', { by: 'phone' });
  }

  private holdState: 'active' | 'held' = 'active';

  protected sdpBody(sdp: string) {
    return { headers: { 'content-type': 'application/sdp', contact: this.ctx.endpoint.contact(this.signalling.protocol) }, content: sdp };
  }

  /** BYE inside the dialog; the answer does not matter, the call is over either way. */
  protected sendBye(): void {
    if (!this.remoteTarget || !this.localAor || !this.remoteAor) return;
    const bye: SipRequest = {
      method: 'BYE',
      uri: this.remoteTarget,
      headers: {
        to: this.remoteAor,
        from: this.localAor,
        'call-id': this.sipCallId,
        cseq: { seq: ++this.localCseq, method: 'BYE' },
      },
    };
    this.ctx.endpoint.request(bye, this.signalling, () => undefined);
  }

  /** Called once when the leg is over (the gateway forgets it). */
  onFinished: (() => void) | null = null;

  /** Stops media; idempotent. */
  protected finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.relay?.close();
    this.onFinished?.();
  }

  get isEnded(): boolean {
    return this.ended;
  }
}

/** The far end negotiated no RFC 4733 telephone-events: digits cannot be sent to it. */
export class NoDigitsError extends Error {
  override name = 'NoDigitsError';
  constructor() {
    super('This phone line does not take keypad digits (no RFC 4733 telephone-events were offered).');
  }
}

/** The far end's telephone-event: at the audio's clock if offered (RFC 4733), else any. */
export function pickTelephoneEvent(offered: Map<number, number>, audioClockRate: number) {
  const exact = offered.get(audioClockRate);
  if (exact !== undefined) return { payloadType: exact, clockRate: audioClockRate };
  const [clockRate, payloadType] = [...offered.entries()][0] ?? [];
  return clockRate === undefined || payloadType === undefined ? null : { payloadType, clockRate };
}
