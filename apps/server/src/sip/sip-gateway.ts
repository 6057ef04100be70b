import * as sip from 'sip';
import type { CallService, PhoneDialer } from '../calls/call-service.ts';
import type { Logger } from '../logging/logger.ts';
import type { PhoneNumberRepository } from '../phone-numbers/phone-number-repository.ts';
import type { TrunkRepository } from '../trunks/trunk-repository.ts';
import { randomUUID } from 'node:crypto';
import { InboundLeg } from './inbound-leg.ts';
import { OutboundLeg } from './outbound-leg.ts';
import type { AudioCodec } from './sdp-negotiation.ts';
import type { LegContext, LegStats, SipCallLeg } from './sip-call-leg.ts';
import { allowedMethods, newCallId, type Remote, SipEndpoint, type SipRequest } from './sip-endpoint.ts';
import { TrunkAccess } from './trunk-access.ts';
import { TrunkRegistrations } from './trunk-registration.ts';

export interface SipConfig {
  listenIp: string;
  port: number;
  /** What Via, Contact and SDP announce. */
  publicAddress: string;
  tcp: boolean;
  tls: { port: number; key: Buffer; cert: Buffer } | null;
  rtp: { listenIp: string; announcedIp: string; portRange: { min: number; max: number }; timeoutMs: number };
  /** Concurrent phone legs; beyond this INVITEs get 503. */
  maxCalls: number;
  /** Inbound codec preference by mimeType; the first the phone offers wins. */
  codecPreference: string[];
  /** The one codec offered on outbound calls (the browser sends it before the answer). */
  outboundCodec: AudioCodec;
  dialTimeoutMs: number;
  maxMessageBytes: number;
}

const allow = allowedMethods.join(', ');
const numberOf = (uri: unknown): string | null => {
  const user = typeof uri === 'string' ? sip.parseUri(uri)?.user : (uri as { user?: string } | undefined)?.user;
  return user ? decodeURIComponent(user).replace(/^tel:/, '') : null;
};

/**
 * The bridge between the phone network and our calls. Inbound: an INVITE from an
 * allowed trunk, to a number mapped to a queue, becomes a queued call whose customer is
 * the phone. Outbound: an agent's dial becomes an INVITE through the trunk. Every leg
 * is found by its SIP Call-ID; anything else gets the RFC 3261 answer for it.
 */
export class SipGateway implements PhoneDialer {
  private readonly legs = new Map<string, SipCallLeg>();
  private readonly access = new TrunkAccess();
  private endpoint!: SipEndpoint;
  private registrations!: TrunkRegistrations;
  private legContext!: LegContext;

  private constructor(
    private readonly config: SipConfig,
    private readonly deps: {
      calls: CallService;
      trunks: TrunkRepository;
      numbers: PhoneNumberRepository;
      log: Logger;
    },
  ) {}

  static async start(config: SipConfig, deps: SipGateway['deps']): Promise<SipGateway> {
    const gateway = new SipGateway(config, deps);
    gateway.endpoint = await SipEndpoint.listen(
      {
        listenIp: config.listenIp,
        port: config.port,
        publicAddress: config.publicAddress,
        tcp: config.tcp,
        tls: config.tls,
        maxMessageBytes: config.maxMessageBytes,
      },
      {
        request: (request, remote) => gateway.onRequest(request, remote),
        strayResponse: (response) => {
          const leg = gateway.legs.get(response.headers['call-id'] ?? '');
          if (leg instanceof OutboundLeg) leg.onStray2xx();
        },
      },
      deps.log,
    );
    const events = deps.calls.phoneLegEvents();
    gateway.legContext = {
      endpoint: gateway.endpoint,
      events,
      log: deps.log,
      rtp: { ...config.rtp },
      stats: gateway.stats,
    };
    gateway.registrations = new TrunkRegistrations(gateway.endpoint, deps.log);
    await gateway.reloadTrunks();
    deps.calls.setPhoneDialer(gateway);
    deps.log.info({ port: gateway.endpoint.port, address: config.listenIp }, 'SIP gateway listening');
    return gateway;
  }

  get port(): number {
    return this.endpoint.port;
  }

  private readonly stats: LegStats = { okRetransmissions: 0, acksConfirmed: 0, rtpTimeouts: 0 };

  get counters() {
    return { ...this.endpoint.counters, ...this.stats, legs: this.legs.size };
  }

  /** Trunks or numbers changed (REST): the next INVITE sees the new list. */
  async reloadTrunks(): Promise<void> {
    const trunks = await this.deps.trunks.list();
    this.access.replace(trunks);
    this.registrations.replace(trunks);
  }

  /** RTP packets the relay of a call's phone leg has carried each way (tests, diagnostics). */
  rtpCounters(callId: string): { fromPhone: number; toPhone: number } | null {
    for (const leg of this.legs.values()) {
      if (leg.callId === callId && leg.relay) return { fromPhone: leg.relay.packetsFromPhone, toPhone: leg.relay.packetsToPhone };
    }
    return null;
  }

  registrationStatus(trunkId: string) {
    return this.registrations.status(trunkId);
  }

  async dial(input: { callId: string; number: string; callerId: string | null }): Promise<OutboundLeg> {
    const trunk = this.access.outbound();
    if (!trunk?.outboundHost) throw new Error('no trunk for outbound calls');
    if (this.legs.size >= this.config.maxCalls) throw new Error('the gateway is at its call limit');
    const leg = new OutboundLeg(
      this.legContext,
      newCallId(this.config.publicAddress),
      input.number,
      {
        remote: { protocol: trunk.transport.toUpperCase(), address: trunk.outboundHost, port: trunk.outboundPort },
        host: trunk.outboundHost,
        credentials: trunk.username && trunk.password ? { user: trunk.username, password: trunk.password } : null,
      },
      input.callerId ?? trunk.defaultCallerId ?? 'anonymous',
      this.config.outboundCodec,
      this.config.dialTimeoutMs,
    );
    this.track(leg);
    try {
      await leg.prepare(input.callId);
    } catch (error) {
      this.legs.delete(leg.sipCallId);
      throw error;
    }
    return leg;
  }

  close(): void {
    for (const leg of this.legs.values()) leg.end('server-shutdown');
    this.legs.clear();
    this.registrations?.close();
    this.endpoint?.close();
  }

  /** Legs are found by SIP Call-ID until they finish, whichever side ends them. */
  private track(leg: SipCallLeg): void {
    this.legs.set(leg.sipCallId, leg);
    leg.onFinished = () => {
      if (this.legs.get(leg.sipCallId) === leg) this.legs.delete(leg.sipCallId);
    };
  }

  private onRequest(request: SipRequest, remote: Remote): void {
    const callId = request.headers['call-id']!;
    const leg = this.legs.get(callId);
    if (leg?.isEnded && request.method !== 'ACK') this.legs.delete(callId);
    const live = leg && !leg.isEnded ? leg : undefined;
    if (request.method === 'CANCEL') {
      if (live instanceof InboundLeg) live.onCancel(request);
      else this.endpoint.reply(request, 481, 'Call/Transaction Does Not Exist');
      return;
    }
    if (live && (request.headers.to?.params.tag || request.method === 'ACK')) {
      live.onDialogRequest(request);
      return;
    }
    switch (request.method) {
      case 'INVITE':
        if (request.headers.to?.params.tag) this.endpoint.reply(request, 481, 'Call/Transaction Does Not Exist');
        else this.onInvite(request, remote);
        return;
      case 'ACK':
        return; // for a dialog we no longer have, or a final error the transaction absorbed
      case 'OPTIONS':
        if (!this.access.match(remote.address)) this.endpoint.reply(request, 403, 'Forbidden');
        else this.endpoint.reply(request, 200, 'OK', { headers: { allow, accept: 'application/sdp' } });
        return;
      case 'BYE':
      case 'INFO':
        this.endpoint.reply(request, 481, 'Call/Transaction Does Not Exist');
        return;
      default:
        this.endpoint.reply(request, 405, 'Method Not Allowed', { headers: { allow } });
    }
  }

  private onInvite(invite: SipRequest, remote: Remote): void {
    const trunk = this.access.match(remote.address);
    if (!trunk) {
      this.deps.log.warn({ from: remote.address }, 'INVITE from an address no trunk allows: refused');
      this.endpoint.reply(invite, 403, 'Forbidden');
      return;
    }
    if (this.legs.size >= this.config.maxCalls) {
      this.endpoint.reply(invite, 503, 'Service Unavailable', { headers: { 'retry-after': '30' } });
      return;
    }
    this.endpoint.reply(invite, 100, 'Trying');
    const leg = new InboundLeg(this.legContext, invite, remote, numberOf(invite.headers.from?.uri) ?? 'anonymous');
    this.track(leg);
    void this.admit(leg, invite).catch((err) => {
      this.deps.log.error({ err }, 'inbound call failed to start');
      leg.refuse(500, 'Server Internal Error');
    });
  }

  /** Number → queue, SDP → codec and relay, then the call joins its queue. */
  private async admit(leg: InboundLeg, invite: SipRequest): Promise<void> {
    const dialled = numberOf(invite.uri) ?? numberOf(invite.headers.to?.uri);
    const entry = dialled ? await this.deps.numbers.findByNumber(dialled) : null;
    if (!entry) {
      leg.refuse(404, 'Not Found');
      return;
    }
    const refusal = await leg.negotiate(this.config.codecPreference);
    if (refusal) {
      leg.refuse(...refusal);
      return;
    }
    if (leg.isEnded) return; // cancelled meanwhile
    leg.callId = randomUUID();
    leg.ring();
    await this.deps.calls.startPhoneCall({ callId: leg.callId, queueId: entry.queueId, leg });
    this.deps.log.info({ callId: leg.callId, number: dialled, from: leg.remoteNumber }, 'phone call queued');
  }
}
