import { EventEmitter } from 'node:events';
import type { MonitorMode, ParticipantRole, ProducerInfo, TransportDirection } from '@cc/shared';
import type { types } from 'mediasoup';
import { AppError, badRequest, notFound } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';
import { isMixableCodec } from './audio/pcm-codecs.ts';
import { receiveCapabilities, type RtpCodec, sendParameters } from './codecs.ts';
import { type FrameListener, type MixerStats, RoomAudio } from './audio/room-audio.ts';
import { type MusicCodec, MusicSender, musicFrames } from './music-on-hold.ts';

/** Someone in a call's media: a customer or an agent, keyed uniquely within the call. */
export interface Participant {
  key: string;
  role: ParticipantRole;
}

/** A phone leg's codec, as its SDP negotiated it; mediasoup forwards it untouched. */
export type PhoneCodec = RtpCodec;

interface ParticipantMedia {
  participant: Participant;
  /**
   * A phone leg's PlainTransport (to the RTP relay). It consumes each audible party
   * directly when there is one in its codec, else the mix the room's audio makes for it.
   */
  plain?: { transport: types.PlainTransport; codec: PhoneCodec; mixConsumer?: types.Consumer };
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
  /** Decoded audio (mixes for phone legs, the recorder), started when first needed. */
  private audio: Promise<RoomAudio> | null = null;
  /** Supervisors in the room and how they are heard (see audible()). */
  private readonly monitorModes = new Map<string, MonitorMode>();
  /** Supervisors who took the call over: they hear and are heard as its agent, hold included. */
  private readonly actingAgents = new Set<string>();
  /** Routing changes run one at a time: each reads the whole room as it stands. */
  private routing: Promise<void> = Promise.resolve();

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
          this.producerRemoved(participant, producer);
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
    await this.producerAdded(media, producer);
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
    await this.reroute();
  }

  /**
   * Applies the audibility rule to every consumer, after anything that changes who hears
   * whom: hold, a party joining or leaving. Queued, so two changes never interleave.
   */
  private reroute(): Promise<void> {
    const next = this.routing.then(() => this.applyAudibility());
    this.routing = next.catch((err) => {
      if (!this.closed) this.log.error({ err, callId: this.callId }, 'media routing failed');
    });
    return next;
  }

  private async applyAudibility(): Promise<void> {
    if (this.closed) return;
    for (const media of this.participants.values()) {
      if (media.plain) {
        await this.routePhone(media);
        continue;
      }
      for (const consumer of media.consumers.values()) {
        const play = this.audible(media.participant, consumer.producerId) && this.resumed.has(consumer.id);
        await setPaused(consumer, !play);
      }
    }
  }

  /**
   * A phone leg receives one stream. With one audible party sending its codec, that is
   * the party's own stream, untouched; with several, or a codec it cannot take, it is a
   * mix the room's audio encodes for it.
   */
  private async routePhone(media: ParticipantMedia): Promise<void> {
    const plain = media.plain!;
    const sources = this.producers()
      .map((p) => p.producerId)
      .filter((id) => !media.producers.has(id) && this.audible(media.participant, id));
    const direct =
      sources.length === 0 ||
      (sources.length === 1 && this.codecOf(sources[0]!)?.toLowerCase() === plain.codec.mimeType.toLowerCase());
    const mixable = isMixableCodec(plain.codec.mimeType) && sources.every((id) => isMixableCodec(this.codecOf(id) ?? ''));
    if (direct || !mixable) {
      if (plain.mixConsumer) await setPaused(plain.mixConsumer, true);
      for (const consumer of media.consumers.values()) {
        await setPaused(consumer, !this.audible(media.participant, consumer.producerId));
      }
      return;
    }
    const audio = await this.startAudio();
    const mixId = await audio.addMix(media.participant.key, plain.codec);
    audio.setMixSources(media.participant.key, sources);
    for (const consumer of media.consumers.values()) await setPaused(consumer, true);
    if (!plain.mixConsumer || plain.mixConsumer.closed) {
      plain.mixConsumer = await plain.transport.consume({ producerId: mixId, rtpCapabilities: receiveCapabilities(plain.codec) });
    }
    await setPaused(plain.mixConsumer, false);
  }

  /** The room's decoded audio, started on first use with every producer tapped. */
  private startAudio(): Promise<RoomAudio> {
    this.assertOpen();
    this.audio ??= RoomAudio.create(this.router).then(async (audio) => {
      for (const { producerId } of this.producers()) await audio.tap(producerId, this.router.rtpCapabilities);
      return audio;
    });
    return this.audio;
  }

  /**
   * Every 20 ms, each party's decoded frame (for the recorder); returns the unsubscribe.
   * Frames are keyed by producer: `recordingSideOf` says whose.
   */
  async onFrames(listener: FrameListener): Promise<() => void> {
    const audio = await this.startAudio();
    return audio.onFrames(listener);
  }

  /** The mixer's latency and load, when it runs (benchmarks, tests). */
  async mixerStats(): Promise<MixerStats | null> {
    return this.audio ? (await this.audio).stats() : null;
  }

  private codecOf(producerId: string): string | null {
    for (const media of this.participants.values()) {
      const producer = media.producers.get(producerId);
      if (producer) return producer.rtpParameters.codecs[0]?.mimeType ?? null;
    }
    return null;
  }

  private async producerAdded(media: ParticipantMedia, producer: types.Producer): Promise<void> {
    media.producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      if (media.producers.delete(producer.id)) this.producerRemoved(media.participant, producer);
    });
    this.emit('producer-added', this.describe(media.participant, producer));
    if (this.audio) await (await this.audio).tap(producer.id, this.router.rtpCapabilities);
    for (const other of this.participants.values()) {
      if (other.plain) await this.consumeOntoPhone(other, producer.id);
    }
    await this.reroute();
  }

  private producerRemoved(participant: Participant, producer: types.Producer): void {
    this.emit('producer-removed', this.describe(participant, producer));
    if (!this.closed) void this.reroute().catch(() => undefined);
  }

  get onHold(): boolean {
    return this.held;
  }

  /** Whether `listener` may hear what `producerId` sends, as the call stands now. */
  private audible(listener: Participant, producerId: string): boolean {
    const source = this.ownerOf(producerId);
    if (!source) return false;
    const listenerRole = this.actingAgents.has(listener.key) ? 'agent' : listener.role;
    const sourceRole = this.actingAgents.has(source.key) ? 'agent' : source.role;
    if (sourceRole === 'music') return listenerRole === 'customer' && this.held;
    // A supervisor monitoring hears every party, on hold or not.
    if (listenerRole === 'supervisor') return true;
    if (sourceRole === 'supervisor') {
      const mode = this.monitorModes.get(source.key) ?? 'listen';
      if (mode === 'listen') return false;
      if (agentSide(listenerRole)) return true;
      return mode === 'barge' && !this.held;
    }
    // The agent's side (agents, an outside number they brought in) always hear each
    // other: a consultation happens while the customer is held.
    if (agentSide(sourceRole) && agentSide(listenerRole)) return true;
    return !this.held;
  }

  /**
   * How a supervisor in the room is heard: `listen` by nobody, `whisper` by the agent's
   * side, `barge` by everyone (the customer too, unless held).
   */
  async setMonitorMode(participantKey: string, mode: MonitorMode): Promise<void> {
    this.assertOpen();
    this.monitorModes.set(participantKey, mode);
    await this.reroute();
  }

  /**
   * A supervisor took the call over: from now on they hear and are heard as its agent
   * (everyone hears them; on hold they and the customer do not hear each other).
   */
  async actAsAgent(participantKey: string): Promise<void> {
    this.assertOpen();
    this.monitorModes.set(participantKey, 'barge');
    this.actingAgents.add(participantKey);
    await this.reroute();
  }

  /**
   * Which channel of a recording a producer belongs on: the customer's, the agent side's
   * (agents, an outside number, a supervisor who can be heard), or none (music, a
   * supervisor only listening).
   */
  recordingSideOf(producerId: string): 'customer' | 'agent' | null {
    const owner = this.ownerOf(producerId);
    if (!owner) return null;
    if (owner.role === 'customer') return 'customer';
    if (owner.role === 'supervisor') return (this.monitorModes.get(owner.key) ?? 'listen') === 'listen' ? null : 'agent';
    return agentSide(owner.role) ? 'agent' : null;
  }

  private ownerOf(producerId: string): Participant | null {
    for (const media of this.participants.values()) if (media.producers.has(producerId)) return media.participant;
    return null;
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
      rtpParameters: sendParameters({ mimeType: codec, payloadType, clockRate, channels: opus ? 2 : 1 }, ssrc),
    });
    const sender = new MusicSender(frames, { payloadType, ssrc, clockRate });
    await sender.start(transport.tuple.localPort);
    this.music = { sender, transport };
    await this.producerAdded(this.mediaOf({ key: 'music', role: 'music' }), producer);
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
    const producer = await transport.produce({ kind: 'audio', rtpParameters: sendParameters(codec, input.ssrc) });
    for (const other of this.producers()) await this.consumeOntoPhone(media, other.producerId);
    await this.producerAdded(media, producer);
    return { localPort: transport.tuple.localPort, producerId: producer.id };
  }

  /**
   * Each party in the phone's codec is consumed onto its leg, paused until routing says
   * it plays; parties in other codecs reach it only through a mix.
   */
  private async consumeOntoPhone(media: ParticipantMedia, producerId: string): Promise<void> {
    const plain = media.plain;
    if (!plain || plain.transport.closed || media.producers.has(producerId)) return;
    const rtpCapabilities = receiveCapabilities(plain.codec);
    if (!this.router.canConsume({ producerId, rtpCapabilities })) return;
    const consumer = await plain.transport.consume({ producerId, rtpCapabilities, paused: true });
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
    this.monitorModes.delete(key);
    this.actingAgents.delete(key);
    for (const { transport } of media.transports.values()) transport.close();
    media.plain?.transport.close();
    if (this.audio) void this.audio.then((audio) => audio.removeMix(key)).catch(() => undefined);
    void this.reroute().catch(() => undefined);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.music?.sender.stop();
    void this.audio?.then((audio) => audio.close()).catch(() => undefined);
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

  /**
   * RTP statistics of every party's streams, for the live view's audio quality:
   * `received` is what the SFU gets from the party (its own loss and jitter accounting),
   * `sent` what it forwards to them (loss and round-trip time from their RTCP receiver
   * reports). The server's music is left out. A stream closing meanwhile is skipped.
   */
  async qualityStats(): Promise<
    Array<{ participant: Participant; received: types.ProducerStat[]; sent: types.ConsumerStat[] }>
  > {
    if (this.closed) return [];
    const parties = [...this.participants.values()].filter((m) => m.participant.role !== 'music');
    const settle = <T>(work: Promise<T[]>) => work.catch((): T[] => []);
    return Promise.all(
      parties.map(async (media) => ({
        participant: media.participant,
        received: (await Promise.all([...media.producers.values()].map((p) => settle(p.getStats())))).flat(),
        sent: (await Promise.all([...media.consumers.values()].map((c) => settle(c.getStats()))))
          .flat()
          .filter((s): s is types.ConsumerStat => s.type === 'outbound-rtp'),
      })),
    );
  }
}

async function setPaused(consumer: types.Consumer, paused: boolean): Promise<void> {
  if (consumer.closed || consumer.paused === paused) return;
  if (paused) await consumer.pause();
  else await consumer.resume();
}


const agentSide = (role: ParticipantRole | undefined) => role === 'agent' || role === 'external';
