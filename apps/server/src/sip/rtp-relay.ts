import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { decodeTelephoneEvent, encodeTelephoneEvent } from './telephone-event.ts';

export interface RtpRelayEvents {
  /** A DTMF digit from the phone (first packet of each RFC 4733 event). */
  dtmf: [digit: string];
  /** No RTP from the phone for the configured time while it should be sending. */
  timeout: [];
}

export interface RtpRelayOptions {
  /** Where the phone-facing socket binds, and the port range it may take. */
  listenIp: string;
  portRange: { min: number; max: number };
  /** The SSRC mediasoup's producer expects: every packet from the phone is stamped with it. */
  ssrc: number;
}

/** Ports taken by relays in this process; the OS tells us about other processes. */
const portsInUse = new Set<number>();
let nextPort = 0;

/**
 * One phone leg's RTP between the phone and mediasoup's PlainTransport (on loopback).
 * It latches onto the address the phone's RTP really comes from (symmetric RTP, so
 * phones behind NAT work), stamps one SSRC on what goes to mediasoup, takes RFC 4733
 * digits out of the stream, injects our own, stops sending while the phone holds,
 * and notices when the phone goes silent.
 */
export class RtpRelay extends EventEmitter<RtpRelayEvents> {
  /** Phone-facing port, announced in our SDP. */
  readonly port: number;
  packetsFromPhone = 0;
  packetsToPhone = 0;
  private remote: { address: string; port: number } | null = null;
  private latched = false;
  private mediasoupPort = 0;
  private audioPt = -1;
  private eventPt: number | null = null;
  /** The audio's RTP clock (timestamps) and the events' (durations); phones may differ. */
  private clockRate = 8000;
  private eventClockRate = 8000;
  private sending = true;
  private lastFromPhoneAt = 0;
  private timeoutTimer: NodeJS.Timeout | null = null;
  private lastEventTimestamp: number | null = null;
  /** Our sequence numbers towards the phone: injected DTMF packets take some. */
  private seq = Math.floor(Math.random() * 0xffff);
  private lastOut: { ssrc: number; timestamp: number; at: number } | null = null;
  private dtmfQueue: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly external: dgram.Socket,
    private readonly internal: dgram.Socket,
    /** The SSRC everything from the phone carries towards mediasoup. */
    readonly ssrc: number,
  ) {
    super();
    this.port = external.address().port;
    external.on('message', (packet, rinfo) => this.fromPhone(packet, rinfo));
    internal.on('message', (packet, rinfo) => this.fromMediasoup(packet, rinfo));
    external.on('error', () => undefined);
    internal.on('error', () => undefined);
  }

  static async open(options: RtpRelayOptions): Promise<RtpRelay> {
    const external = await bindInRange(options.listenIp, options.portRange);
    const internal = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => internal.bind(0, '127.0.0.1', resolve));
    return new RtpRelay(external, internal, options.ssrc);
  }

  /** Where mediasoup's PlainTransport sends and receives. */
  get internalPort(): number {
    return this.internal.address().port;
  }

  connectMediasoup(port: number): void {
    this.mediasoupPort = port;
  }

  /** The address the SDP gave; the first packet from the phone replaces it (latching). */
  setRemote(address: string, port: number): void {
    if (address === '0.0.0.0') return;
    if (!this.latched) this.remote = { address, port };
  }

  setPayloadTypes(audioPt: number, event: { payloadType: number; clockRate: number } | null, clockRate: number): void {
    this.audioPt = audioPt;
    this.eventPt = event?.payloadType ?? null;
    this.eventClockRate = event?.clockRate ?? clockRate;
    this.clockRate = clockRate;
  }

  /** The phone put us on hold (it does not want our audio), or took us off. */
  setSending(sending: boolean): void {
    this.sending = sending;
  }

  /** Ends the leg after `ms` without RTP from the phone; 0 stops watching. */
  watchForSilence(ms: number): void {
    if (this.timeoutTimer) clearInterval(this.timeoutTimer);
    this.timeoutTimer = null;
    if (ms <= 0 || this.closed) return;
    this.lastFromPhoneAt = Date.now();
    this.timeoutTimer = setInterval(() => {
      if (Date.now() - this.lastFromPhoneAt > ms) {
        clearInterval(this.timeoutTimer!);
        this.timeoutTimer = null;
        this.emit('timeout');
      }
    }, Math.min(1000, ms));
  }

  /** Sends digits as RFC 4733 events, one after another, each 160 ms with 3 end packets. */
  sendDigits(digits: string): Promise<void> {
    this.dtmfQueue = this.dtmfQueue.then(async () => {
      for (const digit of digits) {
        await this.sendDigit(digit);
        await sleep(80);
      }
    });
    return this.dtmfQueue;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timeoutTimer) clearInterval(this.timeoutTimer);
    portsInUse.delete(this.port);
    this.external.close();
    this.internal.close();
    this.removeAllListeners();
  }

  private fromPhone(packet: Buffer, rinfo: dgram.RemoteInfo): void {
    if (packet.length < 12 || packet[0]! >> 6 !== 2) return;
    const pt = packet[1]! & 0x7f;
    if (pt >= 72 && pt <= 76) return; // RTCP muxed on the RTP port: mediasoup makes its own.
    if (!this.latched || !this.remote) {
      this.remote = { address: rinfo.address, port: rinfo.port };
      this.latched = true;
    } else if (rinfo.address !== this.remote.address || rinfo.port !== this.remote.port) {
      return; // Not the source we latched onto: never let a third party inject audio.
    }
    this.lastFromPhoneAt = Date.now();
    this.packetsFromPhone++;
    if (pt === this.eventPt) {
      this.onTelephoneEvent(packet);
      return;
    }
    if (pt !== this.audioPt || !this.mediasoupPort) return;
    packet.writeUInt32BE(this.ssrc, 8);
    this.internal.send(packet, this.mediasoupPort, '127.0.0.1');
  }

  private fromMediasoup(packet: Buffer, rinfo: dgram.RemoteInfo): void {
    if (rinfo.port !== this.mediasoupPort || packet.length < 12) return;
    const pt = packet[1]! & 0x7f;
    if (pt >= 72 && pt <= 76) return;
    this.lastOut = { ssrc: packet.readUInt32BE(8), timestamp: packet.readUInt32BE(4), at: Date.now() };
    if (!this.sending || !this.remote) return;
    packet.writeUInt16BE(this.nextSeq(), 2);
    // mediasoup's consumer keeps the router's payload type (Opus: a dynamic one of its own); the phone expects the one it negotiated.
    packet[1] = (packet[1]! & 0x80) | (this.audioPt & 0x7f);
    this.external.send(packet, this.remote.port, this.remote.address);
    this.packetsToPhone++;
  }

  private onTelephoneEvent(packet: Buffer): void {
    const headerLength = 12 + (packet[0]! & 0x0f) * 4;
    const hasExtension = (packet[0]! & 0x10) !== 0;
    const offset = hasExtension ? headerLength + 4 + packet.readUInt16BE(headerLength + 2) * 4 : headerLength;
    const event = decodeTelephoneEvent(packet.subarray(offset));
    if (!event) return;
    const timestamp = packet.readUInt32BE(4);
    if (timestamp === this.lastEventTimestamp) return; // the same key press, continued or ended
    this.lastEventTimestamp = timestamp;
    this.emit('dtmf', event.digit);
  }

  private async sendDigit(digit: string): Promise<void> {
    if (this.eventPt === null || !this.remote || this.closed) return;
    const ssrc = this.lastOut?.ssrc ?? this.ssrc;
    // The event starts "now" on the audio stream's clock.
    const elapsed = this.lastOut ? Math.round(((Date.now() - this.lastOut.at) * this.clockRate) / 1000) : 0;
    const timestamp = ((this.lastOut?.timestamp ?? 0) + elapsed) >>> 0;
    const step = this.eventClockRate / 50; // 20 ms of the events' clock
    const packets = 8;
    for (let i = 1; i <= packets; i++) {
      this.sendEvent(ssrc, timestamp, i === 1, { digit, end: false, volume: 10, duration: step * i });
      await sleep(20);
    }
    for (let i = 0; i < 3; i++) this.sendEvent(ssrc, timestamp, false, { digit, end: true, volume: 10, duration: step * packets });
  }

  private sendEvent(ssrc: number, timestamp: number, marker: boolean, event: Parameters<typeof encodeTelephoneEvent>[0]) {
    if (!this.remote || this.closed) return;
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = (marker ? 0x80 : 0) | (this.eventPt! & 0x7f);
    header.writeUInt16BE(this.nextSeq(), 2);
    header.writeUInt32BE(timestamp, 4);
    header.writeUInt32BE(ssrc, 8);
    this.external.send(Buffer.concat([header, encodeTelephoneEvent(event)]), this.remote.port, this.remote.address);
  }

  private nextSeq(): number {
    this.seq = (this.seq + 1) & 0xffff;
    return this.seq;
  }
}

/** Binds an even port in the range (RTP convention), skipping ports in use. */
async function bindInRange(ip: string, range: { min: number; max: number }): Promise<dgram.Socket> {
  const first = range.min + (range.min % 2);
  const count = Math.floor((range.max - first) / 2) + 1;
  for (let attempt = 0; attempt < count; attempt++) {
    const port = first + ((nextPort + attempt) % count) * 2;
    if (portsInUse.has(port)) continue;
    const socket = dgram.createSocket(net.isIPv6(ip) ? 'udp6' : 'udp4');
    const bound = await new Promise<boolean>((resolve) => {
      socket.once('error', () => resolve(false));
      socket.bind(port, ip, () => resolve(true));
    });
    if (bound) {
      nextPort = (nextPort + attempt + 1) % count;
      portsInUse.add(port);
      return socket;
    }
    socket.close();
  }
  throw new Error('no free RTP port in the configured range');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
