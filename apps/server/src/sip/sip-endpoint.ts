import { randomBytes } from 'node:crypto';
import * as sip from 'sip';
import type { Remote, SipHeaders, SipMessage, SipRequest, SipResponse, TransactionLayer } from 'sip';
import type { Logger } from '../logging/logger.ts';
import { SipTransport, type SipTransportOptions } from './sip-transport.ts';

export type { Remote, SipRequest, SipResponse } from 'sip';

/** Methods the gateway understands; anything else is answered 405 with this list. */
export const allowedMethods = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'INFO'] as const;

export interface EndpointHandlers {
  /** A request that opened a server transaction (or an ACK for a 2xx, which has none). */
  request(request: SipRequest, remote: Remote): void;
  /** A 2xx to an INVITE whose transaction is gone: the call needs its ACK again. */
  strayResponse(response: SipResponse, remote: Remote): void;
}

export interface EndpointCounters {
  garbage: number;
  rejected: number;
}

export const newTag = () => randomBytes(6).toString('hex');
export const newCallId = (host: string) => `${randomBytes(12).toString('hex')}@${host}`;

/**
 * The gateway's SIP endpoint: our transport under the `sip` package's RFC 3261
 * transaction layer (retransmissions and timers A-K over UDP). Every request is checked
 * at the edge: one that cannot be answered is dropped, one that lacks what SIP requires
 * is answered 400 with the reason, an oversized one 513; none reaches the gateway.
 */
export class SipEndpoint {
  readonly counters: EndpointCounters = { garbage: 0, rejected: 0 };
  private transactions!: TransactionLayer;
  private transport!: SipTransport;

  private constructor(
    private readonly handlers: EndpointHandlers,
    private readonly maxMessageBytes: number,
    private readonly log: Logger,
  ) {}

  static async listen(options: SipTransportOptions, handlers: EndpointHandlers, log: Logger): Promise<SipEndpoint> {
    const endpoint = new SipEndpoint(handlers, options.maxMessageBytes, log);
    endpoint.transport = await SipTransport.listen(
      options,
      {
        message: (message, remote, size) => endpoint.onMessage(message, remote, size),
        garbage: (remote, reason) => {
          endpoint.counters.garbage++;
          log.debug({ from: remote.address, reason }, 'SIP garbage dropped');
        },
      },
      log,
    );
    endpoint.transactions = sip.makeTransactionLayer({}, (remote) => endpoint.transport.open(remote));
    return endpoint;
  }

  get port(): number {
    return this.transport.port;
  }

  get address(): string {
    return this.transport.publicAddress;
  }

  /** Our Contact: where the far end sends in-dialog requests. */
  contact(protocol = 'udp'): NonNullable<SipHeaders['contact']> {
    const params: Record<string, string> = protocol.toLowerCase() === 'udp' ? {} : { transport: protocol.toLowerCase() };
    return [{ uri: `sip:gateway@${this.address}:${this.port}${paramString(params)}`, params: {} }];
  }

  /** Answers a request through its server transaction (which retransmits as RFC 3261 says). */
  reply(request: SipRequest, status: number, reason: string, extra?: { headers?: Partial<SipHeaders>; content?: string }) {
    const response = sip.makeResponse(request, status, reason, extra);
    const transaction = this.transactions.getServer(request);
    if (transaction) transaction.send(response);
  }

  /**
   * Sends a request through a client transaction (Timer A/E retransmissions, Timer B/F
   * give a 408). `to` is where to send it; responses arrive in `onResponse`.
   */
  request(request: SipRequest, to: Remote, onResponse: (response: SipResponse) => void): void {
    // A CANCEL reuses its INVITE's Via (same branch) so the far end can match them.
    if (request.method !== 'CANCEL' || !request.headers.via?.length) request.headers.via = [{ params: {} }];
    request.headers['max-forwards'] ??= 70;
    this.transactions.createClientTransaction(this.transport.open(to), request, onResponse);
  }

  /** ACK for a 2xx, and anything else sent without a transaction. */
  sendStateless(message: SipMessage, to: Remote): void {
    if ('method' in message) message.headers.via ??= [{ params: { branch: sip.generateBranch() } }];
    this.transport.open(to).send(message);
  }

  close(): void {
    this.transactions?.destroy();
    this.transport?.close();
  }

  private onMessage(message: SipMessage, remote: Remote, size: number): void {
    if (!('method' in message)) {
      const client = this.transactions.getClient(message);
      if (client) client.message(message, remote);
      else if (message.status >= 200 && message.status < 300 && message.headers.cseq?.method === 'INVITE') {
        this.handlers.strayResponse(message, remote);
      }
      return;
    }
    // Checked first: the transaction layer itself needs a sound Via and CSeq.
    const problem = this.problemWith(message, size);
    if (problem === 'unanswerable') {
      this.counters.garbage++;
      return;
    }
    if (problem && message.method === 'ACK') return;
    const server = problem ? undefined : this.transactions.getServer(message);
    if (server) {
      server.message(message, remote);
      return;
    }
    if (message.method === 'ACK') {
      this.handlers.request(message, remote);
      return;
    }
    if (problem) {
      // Answered statelessly: without a sound CSeq there is no transaction to keep.
      this.counters.rejected++;
      this.log.debug({ from: remote.address, problem: problem.reason }, 'SIP request refused at the edge');
      this.transport.open(remote).send(sip.makeResponse(message, problem.status, problem.reason));
      return;
    }
    const transaction = this.transactions.createServerTransaction(message, this.transport.open(remote));
    try {
      this.handlers.request(message, remote);
    } catch (err) {
      this.log.error({ err, method: message.method }, 'SIP request handler failed');
      transaction.send(sip.makeResponse(message, 500, 'Server Internal Error'));
    }
  }

  /**
   * What RFC 3261 section 8.2 requires before a request is processed. Without a usable
   * Via there is nowhere to send an answer, so the request is dropped.
   */
  private problemWith(request: SipRequest, size: number): { status: number; reason: string } | 'unanswerable' | null {
    const h = request.headers;
    const via = h.via?.[0];
    if (!via?.host || !via.protocol) return 'unanswerable';
    if (size > this.maxMessageBytes) return { status: 513, reason: 'Message Too Large' };
    if (!h.from || typeof h.from !== 'object' || !h.from.uri) return { status: 400, reason: 'Missing or Bad From' };
    if (!h.to || typeof h.to !== 'object' || !h.to.uri) return { status: 400, reason: 'Missing or Bad To' };
    if (!h['call-id'] || typeof h['call-id'] !== 'string') return { status: 400, reason: 'Missing Call-ID' };
    if (!h.cseq || !Number.isFinite(h.cseq.seq) || h.cseq.method !== request.method) {
      return { status: 400, reason: 'Missing or Bad CSeq' };
    }
    if (typeof request.uri !== 'string' || !sip.parseUri(request.uri)) return { status: 400, reason: 'Bad Request-URI' };
    const maxForwards = h['max-forwards'];
    if (maxForwards !== undefined) {
      const hops = Number(maxForwards);
      if (!Number.isInteger(hops) || hops < 0 || hops > 255) return { status: 400, reason: 'Bad Max-Forwards' };
      if (hops === 0 && request.method !== 'OPTIONS') return { status: 483, reason: 'Too Many Hops' };
    }
    const declared = h['content-length'];
    if (declared !== undefined && (!Number.isFinite(declared) || declared > (request.content ?? '').length)) {
      return { status: 400, reason: 'Bad Content-Length' };
    }
    return null;
  }
}

const paramString = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `;${k}=${v}`)
    .join('');
