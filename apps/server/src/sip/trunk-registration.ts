import type { TrunkRegistrationStatus } from '@cc/shared';
import type { SipRequest, SipResponse } from 'sip';
import { type DigestContext, signRequest } from 'sip/digest.js';
import type { Logger } from '../logging/logger.ts';
import type { TrunkConfig } from '../trunks/trunk-repository.ts';
import { newCallId, newTag, type SipEndpoint } from './sip-endpoint.ts';

/** Retry a failed registration after this long. */
const RETRY_MS = 30_000;

/**
 * Registration-based trunks: REGISTER with digest authentication, refreshed before it
 * expires (at 80 % of what the registrar granted), retried after failures. The state
 * of each is what admins see at /api/trunks/:id/status.
 */
export class TrunkRegistrations {
  private readonly entries = new Map<string, Registration>();

  constructor(
    private readonly endpoint: SipEndpoint,
    private readonly log: Logger,
  ) {}

  replace(trunks: TrunkConfig[]): void {
    const wanted = new Map(trunks.filter((t) => t.enabled && t.mode === 'register').map((t) => [t.id, t]));
    for (const [id, entry] of this.entries) {
      const next = wanted.get(id);
      if (!next || JSON.stringify(next) !== JSON.stringify(entry.trunk)) {
        entry.stop();
        this.entries.delete(id);
      }
    }
    for (const [id, trunk] of wanted) {
      if (this.entries.has(id)) continue;
      const entry = new Registration(trunk, this.endpoint, this.log);
      this.entries.set(id, entry);
      entry.register();
    }
  }

  status(trunkId: string): TrunkRegistrationStatus | null {
    return this.entries.get(trunkId)?.status() ?? null;
  }

  close(): void {
    for (const entry of this.entries.values()) entry.stop();
    this.entries.clear();
  }
}

class Registration {
  private state: TrunkRegistrationStatus['state'] = 'unregistered';
  private lastError: string | null = null;
  private expiresAt: Date | null = null;
  private lastRegisteredAt: Date | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly callId: string;
  private readonly tag = newTag();
  private cseq = 1;
  private digest: DigestContext = {};
  private stopped = false;

  constructor(
    readonly trunk: TrunkConfig,
    private readonly endpoint: SipEndpoint,
    private readonly log: Logger,
  ) {
    this.callId = newCallId(endpoint.address);
  }

  register(challenge?: SipResponse): void {
    if (this.stopped || !this.trunk.outboundHost || !this.trunk.username) return;
    this.state = 'registering';
    const aor = `sip:${this.trunk.username}@${this.trunk.outboundHost}`;
    const request: SipRequest = {
      method: 'REGISTER',
      uri: `sip:${this.trunk.outboundHost}:${this.trunk.outboundPort}`,
      headers: {
        to: { uri: aor, params: {} },
        from: { uri: aor, params: { tag: this.tag } },
        'call-id': this.callId,
        cseq: { seq: this.cseq++, method: 'REGISTER' },
        contact: this.endpoint.contact(this.trunk.transport),
        expires: String(this.trunk.registerExpiresSeconds),
      },
    };
    if (challenge) signRequest(this.digest, request, challenge, { user: this.trunk.username, password: this.trunk.password ?? '' });
    const to = { protocol: this.trunk.transport.toUpperCase(), address: this.trunk.outboundHost, port: this.trunk.outboundPort };
    this.endpoint.request(request, to, (response) => this.onResponse(response, Boolean(challenge)));
  }

  status(): TrunkRegistrationStatus {
    return {
      trunkId: this.trunk.id,
      state: this.state,
      lastError: this.lastError,
      expiresAt: this.expiresAt?.toISOString() ?? null,
      lastRegisteredAt: this.lastRegisteredAt?.toISOString() ?? null,
    };
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private onResponse(response: SipResponse, wasSigned: boolean): void {
    if (this.stopped || response.status < 200) return;
    if ((response.status === 401 || response.status === 407) && !wasSigned) {
      this.register(response);
      return;
    }
    if (response.status >= 200 && response.status < 300) {
      const granted = grantedSeconds(response) ?? this.trunk.registerExpiresSeconds;
      const now = Date.now();
      this.state = 'registered';
      this.lastError = null;
      this.lastRegisteredAt = new Date(now);
      this.expiresAt = new Date(now + granted * 1000);
      this.schedule(Math.max(1, granted * 0.8) * 1000);
      this.log.info({ trunk: this.trunk.name, granted }, 'trunk registered');
      return;
    }
    this.state = 'failed';
    this.lastError = `${response.status} ${response.reason}`;
    this.log.warn({ trunk: this.trunk.name, status: response.status }, 'trunk registration failed');
    this.schedule(RETRY_MS);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.register(), ms);
  }
}

/** The expiry the registrar granted: our Contact's expires param, or the Expires header. */
function grantedSeconds(response: SipResponse): number | null {
  const contact = response.headers.contact;
  const fromContact = Array.isArray(contact) ? Number(contact[0]?.params.expires) : NaN;
  if (Number.isFinite(fromContact) && fromContact > 0) return fromContact;
  const header = Number(response.headers.expires);
  return Number.isFinite(header) && header > 0 ? header : null;
}
