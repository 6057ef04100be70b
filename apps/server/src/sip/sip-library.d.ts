/**
 * Types for the parts of the `sip` package (kirm/sip.js) that the gateway uses: its
 * message parser and printer, its RFC 3261 transaction layer and its digest helpers.
 * The package ships none. Our own transport (sip-transport.ts) sits underneath.
 */
declare module 'sip' {
  export interface SipUri {
    schema: string;
    user?: string;
    password?: string;
    host: string;
    port?: number;
    params: Record<string, string | null>;
    headers: Record<string, string>;
  }
  export interface NameAddr {
    name?: string;
    uri: string | SipUri;
    params: Record<string, string | null | undefined>;
  }
  export interface Via {
    version?: string;
    protocol?: string;
    host?: string;
    port?: number;
    params: Record<string, string | number | null | undefined>;
  }
  export interface SipHeaders {
    via?: Via[];
    to?: NameAddr;
    from?: NameAddr;
    'call-id'?: string;
    cseq?: { seq: number; method: string };
    contact?: NameAddr[] | '*';
    'content-type'?: string;
    'content-length'?: number;
    'max-forwards'?: string | number;
    route?: NameAddr[];
    'record-route'?: NameAddr[];
    [name: string]: unknown;
  }
  export interface SipRequest {
    method: string;
    uri: string | SipUri;
    version?: string;
    headers: SipHeaders;
    content?: string;
  }
  export interface SipResponse {
    status: number;
    reason: string;
    version?: string;
    headers: SipHeaders;
    content?: string;
  }
  export type SipMessage = SipRequest | SipResponse;

  /** Where a message came from or goes to. */
  export interface Remote {
    protocol: string;
    address: string;
    port: number;
    local?: { address: string; port: number };
  }
  /** One way to send to a remote; the transaction layer releases it when done. */
  export interface Connection {
    send(message: SipMessage): void;
    release(): void;
    protocol: string;
  }
  export interface ServerTransaction {
    send(response: SipResponse): void;
    message(request: SipRequest, remote?: Remote): void;
    shutdown(): void;
  }
  export interface ClientTransaction {
    message(response: SipResponse, remote?: Remote): void;
    shutdown(): void;
  }
  export interface TransactionLayer {
    createServerTransaction(request: SipRequest, connection: Connection): ServerTransaction;
    createClientTransaction(
      connection: Connection,
      request: SipRequest,
      onResponse: (response: SipResponse) => void,
    ): ClientTransaction;
    getServer(message: SipMessage): ServerTransaction | undefined;
    getClient(message: SipMessage): ClientTransaction | undefined;
    destroy(): void;
  }

  export function parse(data: Buffer | string): SipMessage | undefined;
  export function stringify(message: SipMessage): string;
  export function parseUri(uri: string | SipUri): SipUri | undefined;
  export function stringifyUri(uri: string | SipUri): string;
  export function makeResponse(
    request: SipRequest,
    status: number,
    reason?: string,
    extension?: { headers?: Partial<SipHeaders>; content?: string },
  ): SipResponse;
  export function makeTransactionLayer(
    options: Record<string, unknown>,
    open: (remote: Remote, onError?: (err: Error) => void) => Connection,
  ): TransactionLayer;
  export function makeStreamParser(
    onMessage: (message: SipMessage) => void,
    onFlood?: () => void,
    maxBytesHeaders?: number,
    maxContentLength?: number,
  ): (data: string) => void;
  export function generateBranch(): string;
}

declare module 'sip/digest.js' {
  import type { SipRequest, SipResponse } from 'sip';
  /** Digest client state kept between a challenge and the retried request. */
  export type DigestContext = Record<string, unknown>;
  export function signRequest(
    context: DigestContext,
    request: SipRequest,
    challenge: SipResponse | undefined,
    credentials: { user: string; password: string; realm?: string },
  ): SipRequest;
}
