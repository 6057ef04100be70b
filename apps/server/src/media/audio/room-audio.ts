import type { types } from 'mediasoup';
import { AudioTap } from './audio-tap.ts';
import { type ClockListener, joinClock, leaveClock } from './audio-clock.ts';
import { type AudioEncoder, createEncoder, FRAME_SAMPLES } from './pcm-codecs.ts';
import { type RtpCodec, sendParameters } from '../codecs.ts';
import { buildRtp } from './rtp-packet.ts';


/** Receives every 20 ms the frame each producer contributed (absent: silent or not yet playing). */
export type FrameListener = (frames: ReadonlyMap<string, Int16Array>) => void;

interface Mix {
  sources: Set<string>;
  encoder: AudioEncoder;
  producer: types.Producer;
  ssrc: number;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
}

/** How long audio waits in the mixer: arrival of a packet to its mix leaving, in ms. */
export interface MixerStats {
  frames: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyMaxMs: number;
  /** Time spent decoding is in the taps; this is mixing plus encoding, per call. */
  busyMs: number;
  underruns: number;
  trimmedSamples: number;
}

const LATENCY_WINDOW = 2_000;

/**
 * A call's decoded audio: every producer in the room tapped through a DirectTransport,
 * and, on the process-wide 20 ms clock, mixes encoded for the listeners that need one
 * (a phone leg that must hear several parties, or a codec it cannot receive as is) and
 * frames for the recorder. Browsers never get a mix: the SFU keeps sending them
 * separate streams.
 */
export class RoomAudio implements ClockListener {
  private readonly taps = new Map<string, AudioTap>();
  private readonly mixes = new Map<string, Mix>();
  private readonly listeners = new Set<FrameListener>();
  private readonly latencies: number[] = [];
  private busyMs = 0;
  private frames = 0;
  private closed = false;

  private constructor(private readonly transport: types.DirectTransport) {
    joinClock(this);
  }

  static async create(router: types.Router): Promise<RoomAudio> {
    return new RoomAudio(await router.createDirectTransport());
  }

  /** Starts decoding a producer's audio (idempotent). */
  async tap(producerId: string, rtpCapabilities: types.RtpCapabilities): Promise<void> {
    if (this.closed || this.taps.has(producerId) || this.isMixProducer(producerId)) return;
    const consumer = await this.transport.consume({ producerId, rtpCapabilities });
    if (this.closed || this.taps.has(producerId)) return void consumer.close();
    const tap = new AudioTap(producerId, consumer);
    this.taps.set(producerId, tap);
    consumer.observer.once('close', () => {
      if (this.taps.get(producerId) === tap) this.taps.delete(producerId);
    });
  }

  /** A mix in `codec`, sent into the room as a producer of its own; returns its id. */
  async addMix(key: string, codec: RtpCodec): Promise<string> {
    const existing = this.mixes.get(key);
    if (existing) return existing.producer.id;
    const ssrc = Math.floor(Math.random() * 2 ** 31) + 1;
    const producer = await this.transport.produce({ kind: 'audio', rtpParameters: sendParameters(codec, ssrc) });
    this.mixes.set(key, {
      sources: new Set(),
      encoder: createEncoder(codec.mimeType),
      producer,
      ssrc,
      payloadType: codec.payloadType,
      sequenceNumber: Math.floor(Math.random() * 0xffff),
      timestamp: Math.floor(Math.random() * 0xffffffff),
    });
    return producer.id;
  }

  setMixSources(key: string, producerIds: Iterable<string>): void {
    const mix = this.mixes.get(key);
    if (mix) mix.sources = new Set(producerIds);
  }

  removeMix(key: string): void {
    const mix = this.mixes.get(key);
    if (!mix) return;
    this.mixes.delete(key);
    mix.producer.close();
    mix.encoder.close();
  }

  isMixProducer(producerId: string): boolean {
    for (const mix of this.mixes.values()) if (mix.producer.id === producerId) return true;
    return false;
  }

  onFrames(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  tick(): void {
    const started = performance.now();
    const frames = new Map<string, Int16Array>();
    const arrivals = new Map<string, number>();
    for (const [producerId, tap] of this.taps) {
      const next = tap.buffer.pull();
      if (next) {
        frames.set(producerId, next.frame);
        arrivals.set(producerId, next.arrivedAt);
      }
    }
    for (const mix of this.mixes.values()) this.sendMix(mix, frames, arrivals);
    for (const listener of this.listeners) listener(frames);
    this.frames++;
    this.busyMs += performance.now() - started;
  }

  private sendMix(mix: Mix, frames: Map<string, Int16Array>, arrivals: Map<string, number>): void {
    const sum = new Int32Array(FRAME_SAMPLES);
    let oldest = Infinity;
    for (const producerId of mix.sources) {
      const frame = frames.get(producerId);
      if (!frame) continue;
      for (let i = 0; i < FRAME_SAMPLES; i++) sum[i]! += frame[i]!;
      oldest = Math.min(oldest, arrivals.get(producerId)!);
    }
    const payload = mix.encoder.encode(clampToInt16(sum));
    mix.producer.send(
      buildRtp(
        { payloadType: mix.payloadType, sequenceNumber: mix.sequenceNumber, timestamp: mix.timestamp, ssrc: mix.ssrc, marker: false },
        payload,
      ),
    );
    mix.sequenceNumber = (mix.sequenceNumber + 1) & 0xffff;
    mix.timestamp = (mix.timestamp + mix.encoder.timestampStep) >>> 0;
    if (oldest !== Infinity) {
      if (this.latencies.length >= LATENCY_WINDOW) this.latencies.shift();
      this.latencies.push(performance.now() - oldest);
    }
  }

  stats(): MixerStats {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
    let underruns = 0;
    let trimmedSamples = 0;
    for (const tap of this.taps.values()) {
      underruns += tap.buffer.underruns;
      trimmedSamples += tap.buffer.trimmed;
    }
    return {
      frames: this.frames,
      latencyP50Ms: at(0.5),
      latencyP95Ms: at(0.95),
      latencyMaxMs: sorted.at(-1) ?? 0,
      busyMs: this.busyMs,
      underruns,
      trimmedSamples,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    leaveClock(this);
    for (const tap of this.taps.values()) tap.close();
    for (const key of [...this.mixes.keys()]) this.removeMix(key);
    this.transport.close();
    this.listeners.clear();
  }
}

export function clampToInt16(sum: Int32Array): Int16Array {
  const out = new Int16Array(sum.length);
  for (let i = 0; i < sum.length; i++) out[i] = Math.max(-32768, Math.min(32767, sum[i]!));
  return out;
}
