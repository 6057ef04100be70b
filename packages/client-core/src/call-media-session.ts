import type { ProducerInfo } from '@cc/shared';
import { Device, type types } from 'mediasoup-client';
import { pickSendCodec, type SendCodec } from './send-codec.ts';
import type { SignalingClient } from './signaling-client.ts';

export interface JoinInfo {
  callId: string;
  routerRtpCapabilities: Record<string, unknown>;
  producers: ProducerInfo[];
  /** The codec to send with (a phone leg's G.711, say); absent or null: the default, Opus. */
  sendCodec?: SendCodec | null;
}

/**
 * One participant's media in one call: a send transport carrying the microphone (when
 * there is one) and a receive transport carrying every other participant's audio, all
 * through the SFU.
 * Framework-free, so the agent desktop and the widget share it; stores keep only the
 * plain state it reports, never these objects.
 */
export class CallMediaSession {
  /** Everything heard from the other participants; attach it to an <audio> element. */
  readonly remoteStream = new MediaStream();
  private readonly device = new Device();
  private sendTransport: types.Transport | undefined;
  private recvTransport: types.Transport | undefined;
  private producer: types.Producer | undefined;
  private readonly consumers = new Map<string, types.Consumer>();
  private readonly pending: ProducerInfo[] = [];
  private ready = false;
  private closed = false;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly signaling: SignalingClient,
    private readonly join: JoinInfo,
    /** Null joins to listen only (a supervisor without a microphone); see startSending. */
    private readonly microphone: MediaStreamTrack | null,
  ) {
    // Subscribe before any await so that no producer announced meanwhile is missed.
    this.unsubscribe.push(
      signaling.on('media:producer-added', (info) => {
        if (info.callId === join.callId) void this.consumeWhenReady(info);
      }),
      signaling.on('media:producer-removed', (info) => {
        if (info.callId === join.callId) this.dropConsumerOf(info.producerId);
      }),
    );
  }

  get callId(): string {
    return this.join.callId;
  }

  async start(): Promise<void> {
    const { callId } = this.join;
    await this.device.load({ routerRtpCapabilities: this.join.routerRtpCapabilities as types.RtpCapabilities });
    // Checked before any transport exists, so a browser that cannot send the call's
    // codec fails at once with UnsupportedSendCodecError instead of half-joining.
    if (this.microphone) this.sendCodec();
    this.recvTransport = this.device.createRecvTransport(
      (await this.signaling.request('media:create-transport', { callId, direction: 'recv' })) as types.TransportOptions,
    );
    this.wireConnect(this.recvTransport);
    if (this.microphone) await this.produce(this.microphone);
    this.ready = true;
    for (const info of [...this.join.producers, ...this.pending.splice(0)]) await this.consume(info);
  }

  /** True once a microphone is sent into the call. */
  get sending(): boolean {
    return this.producer !== undefined;
  }

  /**
   * Starts sending a microphone into a call joined without one (a supervisor who listened
   * with none and now whispers). Call after start().
   */
  async startSending(microphone: MediaStreamTrack): Promise<void> {
    if (this.closed) throw new Error('the call media is closed');
    if (this.producer) throw new Error('a microphone is already sent');
    // The server announces the new producer before produce() resolves here; hold
    // announcements back until it is known to be ours, so it is not consumed.
    this.ready = false;
    try {
      await this.produce(microphone);
    } finally {
      this.ready = true;
      for (const info of this.pending.splice(0)) await this.consume(info);
    }
  }

  private sendCodec(): types.RtpCodecCapability | undefined {
    return this.join.sendCodec ? pickSendCodec(this.device.rtpCapabilities, this.join.sendCodec) : undefined;
  }

  private async produce(microphone: MediaStreamTrack): Promise<void> {
    const { callId } = this.join;
    const codec = this.sendCodec();
    this.sendTransport = this.device.createSendTransport(
      (await this.signaling.request('media:create-transport', { callId, direction: 'send' })) as types.TransportOptions,
    );
    this.wireConnect(this.sendTransport);
    this.sendTransport.on('produce', ({ kind, rtpParameters }, callback, errback) => {
      if (kind !== 'audio') return errback(new Error('only audio is produced'));
      this.signaling
        .request('media:produce', {
          callId,
          transportId: this.sendTransport!.id,
          kind,
          rtpParameters: rtpParameters as never,
        })
        .then(({ producerId }) => callback({ id: producerId }), errback);
    });
    // Opus with in-band FEC and DTX off: speech stays continuous for recordings and stats.
    // A required codec (G.711 for a phone leg) is sent as is so the SFU forwards it to
    // the gateway without transcoding; the Opus options do not apply to it.
    this.producer = await this.sendTransport.produce({
      track: microphone,
      ...(codec ? { codec } : { codecOptions: { opusStereo: false, opusDtx: false, opusFec: true } }),
      stopTracks: false,
    });
  }

  async setMuted(muted: boolean): Promise<void> {
    const producer = this.producer;
    if (!producer) return;
    if (muted) producer.pause();
    else producer.resume();
    await this.signaling.request('media:set-producer-paused', {
      callId: this.join.callId,
      producerId: producer.id,
      paused: muted,
    });
  }

  /** Packets and audio energy received so far, summed over all inbound audio. */
  async inboundAudioStats(): Promise<{ packetsReceived: number; totalAudioEnergy: number }> {
    const totals = { packetsReceived: 0, totalAudioEnergy: 0 };
    if (!this.recvTransport) return totals;
    const report = await this.recvTransport.getStats();
    report.forEach((stat: { type?: string; kind?: string; packetsReceived?: number; totalAudioEnergy?: number }) => {
      if (stat.type === 'inbound-rtp' && stat.kind === 'audio') {
        totals.packetsReceived += stat.packetsReceived ?? 0;
        totals.totalAudioEnergy += stat.totalAudioEnergy ?? 0;
      }
    });
    return totals;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.unsubscribe) off();
    for (const consumer of this.consumers.values()) consumer.close();
    this.consumers.clear();
    for (const track of this.remoteStream.getTracks()) this.remoteStream.removeTrack(track);
    this.producer?.close();
    this.sendTransport?.close();
    this.recvTransport?.close();
  }

  private wireConnect(transport: types.Transport): void {
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.signaling
        .request('media:connect-transport', {
          callId: this.join.callId,
          transportId: transport.id,
          dtlsParameters: dtlsParameters as never,
        })
        .then(() => callback(), errback);
    });
  }

  private async consumeWhenReady(info: ProducerInfo): Promise<void> {
    if (!this.ready) this.pending.push(info);
    else await this.consume(info);
  }

  private async consume(info: ProducerInfo): Promise<void> {
    if (this.closed || !this.recvTransport || this.consumers.has(info.producerId)) return;
    if (info.producerId === this.producer?.id) return;
    const options = await this.signaling.request('media:consume', {
      callId: this.join.callId,
      transportId: this.recvTransport.id,
      producerId: info.producerId,
      rtpCapabilities: this.device.rtpCapabilities as never,
    });
    if (this.closed) return;
    const consumer = await this.recvTransport.consume({
      id: options.id,
      producerId: options.producerId,
      kind: options.kind,
      rtpParameters: options.rtpParameters as types.RtpParameters,
    });
    this.consumers.set(info.producerId, consumer);
    this.remoteStream.addTrack(consumer.track);
    await this.signaling.request('media:resume-consumer', { callId: this.join.callId, consumerId: consumer.id });
  }

  private dropConsumerOf(producerId: string): void {
    const consumer = this.consumers.get(producerId);
    if (!consumer) return;
    this.consumers.delete(producerId);
    this.remoteStream.removeTrack(consumer.track);
    consumer.close();
  }
}
