import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import * as sip from 'sip';
import type { Connection, Remote, SipMessage } from 'sip';
import type { Logger } from '../logging/logger.ts';

export interface SipTransportOptions {
  listenIp: string;
  port: number;
  /** The address peers reach us at: Via and Contact carry it. */
  publicAddress: string;
  tcp: boolean;
  tls: { port: number; key: Buffer; cert: Buffer } | null;
  /** A datagram or stream message larger than this is refused. */
  maxMessageBytes: number;
}

/** What arrived and could not be read as SIP; the endpoint decides what to answer. */
export interface TransportEvents {
  message: (message: SipMessage, remote: Remote, sizeBytes: number) => void;
  garbage: (remote: Remote, reason: string) => void;
}

/**
 * SIP over UDP, TCP and (with a certificate) TLS, underneath the `sip` package's
 * transaction layer. Ours rather than the package's own because the gateway faces the
 * internet: every socket has an error handler, a message that fails to parse is
 * counted and dropped instead of throwing out of an event handler, sizes are bounded,
 * and listening can use port 0 and be awaited.
 */
export class SipTransport {
  private udp: dgram.Socket | null = null;
  private readonly servers: net.Server[] = [];
  /** Open streams by "PROTOCOL address:port", so responses go back on the same connection. */
  private readonly streams = new Map<string, net.Socket>();
  private udpPort = 0;

  private constructor(
    private readonly options: SipTransportOptions,
    private readonly events: TransportEvents,
    private readonly log: Logger,
  ) {}

  static async listen(options: SipTransportOptions, events: TransportEvents, log: Logger): Promise<SipTransport> {
    const transport = new SipTransport(options, events, log);
    await transport.start();
    return transport;
  }

  /** The UDP port actually bound (options.port may be 0 in tests). TCP uses the same. */
  get port(): number {
    return this.udpPort;
  }

  get publicAddress(): string {
    return this.options.publicAddress;
  }

  /** A way to send to `remote`, for the transaction layer and for stateless sends. */
  open(remote: Remote): Connection {
    const protocol = remote.protocol.toUpperCase();
    const write = (text: string) => {
      if (protocol === 'UDP') {
        this.udp?.send(Buffer.from(text, 'binary'), remote.port, remote.address, (err) => {
          if (err) this.log.debug({ err, to: remote.address }, 'SIP datagram not sent');
        });
        return;
      }
      const stream = this.streamTo(protocol, remote);
      stream.write(text, 'binary');
    };
    return {
      protocol,
      release: () => undefined,
      send: (message: SipMessage) => {
        if ('method' in message) this.stampVia(message, protocol);
        write(sip.stringify(message));
      },
    };
  }

  close(): void {
    this.udp?.close();
    this.udp = null;
    for (const server of this.servers) server.close();
    for (const stream of this.streams.values()) stream.destroy();
    this.streams.clear();
  }

  private async start(): Promise<void> {
    const { listenIp, port } = this.options;
    const udp = dgram.createSocket({ type: net.isIPv6(listenIp) ? 'udp6' : 'udp4' });
    udp.on('message', (data, rinfo) =>
      this.received(data, { protocol: 'UDP', address: rinfo.address, port: rinfo.port }),
    );
    udp.on('error', (err) => this.log.error({ err }, 'SIP UDP socket error'));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(port, listenIp, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    this.udp = udp;
    this.udpPort = udp.address().port;
    if (this.options.tcp) {
      this.servers.push(await this.listenStream('TCP', this.udpPort, (onConnection) => net.createServer(onConnection)));
    }
    if (this.options.tls) {
      const { key, cert } = this.options.tls;
      this.servers.push(
        await this.listenStream('TLS', this.options.tls.port, (onConnection) =>
          tls.createServer({ key, cert }, onConnection),
        ),
      );
    }
  }

  private async listenStream(
    protocol: 'TCP' | 'TLS',
    port: number,
    create: (onConnection: (socket: net.Socket) => void) => net.Server,
  ): Promise<net.Server> {
    const server = create((socket) => this.adopt(protocol, socket));
    server.on('error', (err) => this.log.error({ err, protocol }, 'SIP stream listener error'));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.options.listenIp, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return server;
  }

  /** A datagram: parse it, or report it as garbage; never throw. */
  private received(data: Buffer, remote: Remote): void {
    // An oversized datagram is still parsed, so a request gets its 513 from the endpoint.
    let message: SipMessage | undefined;
    try {
      message = sip.parse(data);
    } catch {
      message = undefined;
    }
    if (!message || !('method' in message || 'status' in message) || !message.headers) {
      // Keep-alives (a bare CRLF) are not garbage.
      if (data.toString('latin1').trim() !== '') this.events.garbage(remote, 'unparsable datagram');
      return;
    }
    this.deliver(message, remote, data.length);
  }

  private deliver(message: SipMessage, remote: Remote, size: number): void {
    const via = message.headers.via?.[0];
    if ('method' in message && via) {
      via.params.received = remote.address;
      if (Object.hasOwn(via.params, 'rport')) via.params.rport = remote.port;
    }
    try {
      this.events.message(message, remote, size);
    } catch (err) {
      this.log.error({ err, from: remote.address }, 'SIP message handler failed');
    }
  }

  private adopt(protocol: 'TCP' | 'TLS', socket: net.Socket): void {
    const remote: Remote = { protocol, address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    const key = `${protocol} ${remote.address}:${remote.port}`;
    this.streams.set(key, socket);
    socket.setEncoding('binary');
    socket.setTimeout(120_000, () => socket.destroy());
    const parse = sip.makeStreamParser(
      (message) => this.deliver(message, remote, 0),
      () => {
        this.events.garbage(remote, 'oversized stream message');
        socket.destroy();
      },
      this.options.maxMessageBytes,
      this.options.maxMessageBytes,
    );
    socket.on('data', (chunk: string) => {
      try {
        parse(chunk);
      } catch {
        this.events.garbage(remote, 'unparsable stream data');
        socket.destroy();
      }
    });
    socket.on('error', (err) => this.log.debug({ err, remote: key }, 'SIP stream error'));
    socket.on('close', () => {
      if (this.streams.get(key) === socket) this.streams.delete(key);
    });
  }

  private streamTo(protocol: string, remote: Remote): net.Socket {
    const key = `${protocol} ${remote.address}:${remote.port}`;
    const existing = this.streams.get(key);
    if (existing && !existing.destroyed) return existing;
    const socket =
      protocol === 'TLS'
        ? tls.connect({ host: remote.address, port: remote.port, rejectUnauthorized: false })
        : net.connect(remote.port, remote.address);
    this.adopt(protocol === 'TLS' ? 'TLS' : 'TCP', socket);
    this.streams.set(key, socket);
    return socket;
  }

  /** Our Via on every request we send: where responses must come back. */
  private stampVia(message: { headers: SipMessage['headers'] }, protocol: string): void {
    const via = message.headers.via?.[0];
    if (!via) return;
    via.host = this.options.publicAddress;
    via.port = protocol === 'TLS' ? (this.options.tls?.port ?? 5061) : this.udpPort;
    via.protocol = protocol;
    via.version = '2.0';
    if (protocol === 'UDP') via.params.rport = null;
  }
}
