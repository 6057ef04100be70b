import { EventEmitter } from 'node:events';
import type { ParticipantRole, ProducerInfo, TransportDirection } from '@cc/shared';
import type { types } from 'mediasoup';
import { AppError, badRequest, notFound } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';
import { type MusicCodec, MusicSender, musicFrames } from './music-on-hold.ts';

/** Someone in a call's media: a customer or an agent, keyed uniquely within the call. */
export interface Participant {
  key: string;
  role: ParticipantRole;
}

/** A phone leg's codec, as its SDP negotiated it; mediasoup forwards it untouched. */
export interface PhoneCodec {
  mimeType: string;
  payloadType: number;
  clockRate: number;
  channels: number;
}

interface ParticipantMedia {
  participant: Participant;
  /** A phone leg's PlainTransport (to the RTP relay), which consumes everyone else. */
  plain?: { transport: types.PlainTransport; codec: PhoneCodec };
  transports: Map<string, { transport: types.WebRtcTransport; direction: TransportDirection }>;
  producers: Map<string, types.Producer>;
  consumers: Map<string, types.Consumer>;
}

export interface CallRoomEvents {
  'producer-added': [info: ProducerInfo];
  'producer-removed': [info: ProducerInfo];
  /** The room's media died under it (worker crash): the call must end. */
  failed: [reason: string];
}

/**
 * One call's media: a mediasoup router on one worker, and each participant's
 * WebRTC transports, producers and consumers. Every id a participant names is checked
 * to be theirs. `close()` is idempotent and closes everything below.
 */
export class CallRoom extends EventEmitter<CallRoomEvents> {
  private readonly participants = new Map<string, ParticipantMedia>();
  private closed = false;
  /** On hold: customer and agent do not hear each other; the customer hears music. */
  private held = false;
  private music: { sender: MusicSender; transport: types.PlainTransport } | null = null;
  /** Browser consumers their client asked to resume: they play whenever audible. */
  private readonly resumed = new Set<string>();

  constructor(
    readonly callId: string,
    private readonly router: types.Router,
    private readonly webRtcServer: types.WebRtcServer,
    private readonly log: Logger,
  ) {
    super();
    router.on('workerclose', () => {
      if (this.closed) return;
      this.log.error({ callId }, 'call media lost: worker closed');
      this.emit('failed', 'media worker died');
    });
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.router.rtpCapabilities;
  }

  /** Producers already in the room, for a participant who joins late. */
  producers(): ProducerInfo[] {
    return [...this.participants.values()].flatMap((p) =>
      [...p.producers.values()].map((producer) => this.describe(p.participant, producer)),
    );
  }

  async createTransport(participant: Participant, direction: TransportDirection) {
    this.assertOpen();
    const media = this.mediaOf(participant);
    // A participant who rejoins (page reload, reconnect) replaces the old transport.
    for (const [id, t] of media.transports) {
      if (t.direction === direction) {
        t.transport.close();
        media.transports.delete(id);
      }
    }
    const transport = await this.router.createWebRtcTransport({
      webRtcServer: this.webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 600_000,
    });
    media.transports.set(transport.id, { transport, direction });
    transport.on('dtlsstatechange', (state) => {
      if (state === 'failed') this.log.warn({ callId: this.callId, participant: participant.role }, 'DTLS failed');
    });
    transport.observer.once('close', () => {
      for (const [id, producer] of media.producers) {
        if (producer.closed) {
          media.producers.delete(id);
          this.emit('producer-removed', this.describe(participant, producer));
        }
      }
    });
    return {
      id: transport.id,
      iceParameters: transport.iceParameters as unknown as Record<string, unknown>,
      iceCandidates: transport.iceCandidates as unknown as Array<Record<string, unknown>>,
      dtlsParameters: transport.dtlsParameters as unknown as Record<string, unknown>,
    };
  }

  async connectTransport(participant: Participant, transportId: string, dtlsParameters: types.DtlsParameters) {
    const { transport } = this.transportOf(participant, transportId);
    await this.mediasoupCall(() => transport.connect({ dtlsParameters }));
  }

  async produce(participant: Participant, transportId: string, rtpParameters: types.RtpParameters): Promise<string> {
    const media = this.mediaOf(participant);
    const { transport, direction } = this.transportOf(participant, transportId);
    if (direction !== 'send') throw badRequest('That transport is for receiving.');
    if (media.producers.size >= 1) throw new AppError('conflict', 'This participant already sends audio.');
    const producer = await this.mediasoupCall(() => transport.produce({ kind: 'audio', rtpParameters }));
    media.producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      if (media.producers.delete(producer.id)) this.emit('producer-removed', this.describe(participant, producer));
    });
    this.emit('producer-added', this.describe(participant, producer));
    for (const other of this.participants.values()) {
      if (other.plain) await this.consumeOntoPhone(other, producer.id);
    }
    return producer.id;
  }

  async consume(
    participant: Participant,
    transportId: string,
    producerId: string,
    rtpCapabilities: types.RtpCapabilities,
  ) {
    const media = this.mediaOf(participant);
    const { transport, direction } = this.transportOf(participant, transportId);
    if (direction !== 'recv') throw badRequest('That transport is for sending.');
    if (media.producers.has(producerId)) throw badRequest('A participant does not consume their own audio.');
    if (!this.producers().some((p) => p.producerId === producerId)) throw notFound('That producer');
    if (!this.router.canConsume({ producerId, rtpCapabilities })) {
      throw badRequest('Your browser cannot receive this audio codec.');
    }
    // Paused until the client has its consumer, so no early packets are lost (mediasoup docs).
    const consumer = await this.mediasoupCall(() =>
      transport.consume({ producerId, rtpCapabilities, paused: true }),
    );
    media.consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => media.consumers.delete(consumer.id));
    return {
      id: consumer.id,
      producerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters as unknown as Record<string, unknown>,
    };
  }

  async resumeConsumer(participant: Participant, consumerId: string) {
    const consumer = this.mediaOf(participant).consumers.get(consumerId);
    if (!consumer) throw notFound('That consumer');
    this.resumed.add(consumer.id);
    // A stream the listener must not hear now (hold) stays paused until it may.
    if (this.audible(participant, consumer.producerId)) await consumer.resume();
  }

  /**
   * Hold or resume: the agent and the customer stop hearing each other, and the
   * customer hears the server's music in `musicCodec` (their own codec; null: silence).
   */
  async setHold(held: boolean, musicCodec: MusicCodec | null): Promise<void> {
    this.assertOpen();
    this.held = held;
    if (held && !this.music && musicCodec) await this.startMusic(musicCodec);
    for (const media of this.participants.values()) {
      for (const consumer of media.consumers.values()) {
        const play = this.audible(media.participant, consumer.producerId) && (Boolean(media.plain) || this.resumed.has(consumer.id));
        if (play && consumer.paused) await consumer.resume();
        else if (!play && !consumer.paused) await consumer.pause();
      }
    }
  }

  get onHold(): boolean {
    return this.held;
  }

  /** Whether `listener` may hear what `producerId` sends, as the call stands now. */
  private audible(listener: Participant, producerId: string): boolean {
    const source = this.producers().find((p) => p.producerId === producerId)?.from;
    if (source === 'music') return listener.role === 'customer' && this.held;
    // Agents always hear each other: a consultation happens while the customer is held.
    if (source === 'agent' && listener.role === 'agent') return true;
    return !this.held;
  }

  /** The music as a producer of its own: a PlainTransport fed by a MusicSender. */
  private async startMusic(codec: MusicCodec): Promise<void> {
    const frames = await musicFrames(codec);
    const transport = await this.router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: true });
    const ssrc = Math.floor(Math.random() * 2 ** 31) + 1;
    const opus = codec === 'audio/opus';
    const payloadType = opus ? 100 : codec === 'audio/PCMU' ? 0 : 8;
    const clockRate = opus ? 48000 : 8000;
    const producer = await transport.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: codec, payloadType, clockRate, ...(opus ? { channels: 2 } : {}) }],
        encodings: [{ ssrc }],
      },
    });
    const sender = new MusicSender(frames, { payloadType, ssrc, clockRate });
    await sender.start(transport.tuple.localPort);
    this.music = { sender, transport };
    const participant: Participant = { key: 'music', role: 'music' };
    const media = this.mediaOf(participant);
    media.producers.set(producer.id, producer);
    this.emit('producer-added', this.describe(participant, producer));
    for (const other of this.participants.values()) {
      if (other.plain) await this.consumeOntoPhone(other, producer.id);
    }
  }

  async setProducerPaused(participant: Participant, producerId: string, paused: boolean) {
    const producer = this.mediaOf(participant).producers.get(producerId);
    if (!producer) throw notFound('That producer');
    if (paused) await producer.pause();
    else await producer.resume();
  }

  /**
   * A phone leg: a PlainTransport on loopback to the leg's RTP relay. What the relay
   * sends becomes this participant's producer (stamped with `ssrc`); everyone else's
   * audio is consumed onto it, now and whenever they start sending. The browsers were
   * told to send this codec, so nothing is transcoded.
   */
  async addPhoneLeg(participant: Participant, input: { codec: PhoneCodec; ssrc: number; relayPort: number }) {
    const media = this.mediaOf(participant);
    const transport = await this.router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: false });
    await transport.connect({ ip: '127.0.0.1', port: input.relayPort });
    media.plain = { transport, codec: input.codec };
    const { codec } = input;
    const producer = await transport.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: [
          {
            mimeType: codec.mimeType,
            payloadType: codec.payloadType,
            clockRate: codec.clockRate,
            ...(codec.channels > 1 ? { channels: codec.channels } : {}),
          },
        ],
        encodings: [{ ssrc: input.ssrc }],
      },
    });
    media.producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      if (media.producers.delete(producer.id)) this.emit('producer-removed', this.describe(participant, producer));
    });
    this.emit('producer-added', this.describe(participant, producer));
    for (const other of this.producers()) {
      if (other.producerId !== producer.id) await this.consumeOntoPhone(media, other.producerId);
    }
    return { localPort: transport.tuple.localPort, producerId: producer.id };
  }

  /** Everyone's audio reaches every phone leg (one stream each; mixing comes with conferences). */
  private async consumeOntoPhone(media: ParticipantMedia, producerId: string): Promise<void> {
    const plain = media.plain;
    if (!plain || plain.transport.closed || media.producers.has(producerId)) return;
    const { codec } = plain;
    const rtpCapabilities: types.RtpCapabilities = {
      codecs: [
        {
          kind: 'audio',
          mimeType: codec.mimeType,
          preferredPayloadType: codec.payloadType,
          clockRate: codec.clockRate,
          ...(codec.channels > 1 ? { channels: codec.channels } : {}),
        },
      ],
      headerExtensions: [],
    };
    if (!this.router.canConsume({ producerId, rtpCapabilities })) {
      this.log.warn({ callId: this.callId, producerId, codec: codec.mimeType }, 'phone leg cannot receive this codec');
      return;
    }
    const consumer = await plain.transport.consume({
      producerId,
      rtpCapabilities,
      paused: !this.audible(media.participant, producerId),
    });
    media.consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => media.consumers.delete(consumer.id));
  }

  /** Inbound packet counts per participant (health checks, tests, benchmarks). */
  async stats(): Promise<Array<{ role: ParticipantRole; packetCount: number; byteCount: number }>> {
    const out: Array<{ role: ParticipantRole; packetCount: number; byteCount: number }> = [];
    for (const media of this.participants.values()) {
      for (const producer of media.producers.values()) {
        const stats = await producer.getStats();
        const s = stats[0] as { packetCount?: number; byteCount?: number } | undefined;
        out.push({ role: media.participant.role, packetCount: s?.packetCount ?? 0, byteCount: s?.byteCount ?? 0 });
      }
    }
    return out;
  }

  /** Someone leaves: their transports close, and with them their producers and consumers. */
  removeParticipant(key: string): void {
    const media = this.participants.get(key);
    if (!media) return;
    this.participants.delete(key);
    for (const { transport } of media.transports.values()) transport.close();
    media.plain?.transport.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.music?.sender.stop();
    this.router.close();
    this.participants.clear();
    this.removeAllListeners();
  }

  private describe(participant: Participant, producer: types.Producer): ProducerInfo {
    return { callId: this.callId, producerId: producer.id, kind: producer.kind, from: participant.role };
  }

  private mediaOf(participant: Participant): ParticipantMedia {
    this.assertOpen();
    let media = this.participants.get(participant.key);
    if (!media) {
      media = { participant, transports: new Map(), producers: new Map(), consumers: new Map() };
      this.participants.set(participant.key, media);
    }
    return media;
  }

  private transportOf(participant: Participant, transportId: string) {
    const t = this.mediaOf(participant).transports.get(transportId);
    if (!t) throw notFound('That transport');
    return t;
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError('conflict', 'This call has ended.');
  }

  /** mediasoup rejects bad parameters with TypeError: that is the peer's fault, not ours. */
  private async mediasoupCall<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof TypeError) throw badRequest(`Media parameters rejected: ${error.message}`, error);
      throw error;
    }
  }
}
