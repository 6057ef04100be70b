import dgram from 'node:dgram';
import { createDecoder, createEncoder } from '../src/media/audio/pcm-codecs.ts';
import { buildRtp, parseRtp } from '../src/media/audio/rtp-packet.ts';
import type { PhoneCodec } from '../src/media/call-room.ts';

/**
 * A phone leg's far end for media tests: a loopback socket that sends its own tone as
 * RTP every 20 ms and decodes what it receives, to measure which tones reach it.
 */
export class TonePhone {
  readonly received: Array<{ at: number; samples: Int16Array }> = [];
  undecodable = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly decoder;
  private readonly encoder;
  /** Packets received (counted even when not decoded). */
  packets = 0;
  private constructor(
    readonly socket: dgram.Socket,
    readonly codec: PhoneCodec,
    readonly frequency: number,
    decode: boolean,
  ) {
    this.decoder = createDecoder(codec.mimeType);
    this.encoder = createEncoder(codec.mimeType);
    socket.on('message', (packet) => {
      this.packets++;
      if (!decode) return;
      const rtp = parseRtp(packet);
      // The router's payload type, not the leg's: the real relay rewrites it for the phone.
      if (rtp) {
        try {
          this.received.push({ at: Date.now(), samples: this.decoder.decode(rtp.payload) });
        } catch {
          this.undecodable++;
        }
      }
    });
  }

  static async open(codec: PhoneCodec, frequency: number, options: { decode?: boolean } = {}): Promise<TonePhone> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    return new TonePhone(socket, codec, frequency, options.decode ?? true);
  }

  /** Sends its tone, 20 ms per packet, to the room's end of its leg. */
  start(port: number, ssrc: number): void {
    let n = 0;
    let seq = 1;
    let timestamp = 0;
    this.timer = setInterval(() => {
      const frame = new Int16Array(320);
      for (let i = 0; i < 320; i++) frame[i] = Math.round(6000 * Math.sin((2 * Math.PI * this.frequency * (n + i)) / 16000));
      n += 320;
      const payload = this.encoder.encode(frame);
      this.socket.send(buildRtp({ payloadType: this.codec.payloadType, sequenceNumber: seq++, timestamp, ssrc, marker: false }, payload), port, '127.0.0.1');
      timestamp += this.encoder.timestampStep;
    }, 20);
  }

  /**
   * Amplitude of each frequency in what arrived since `since`, averaged over 100 ms
   * blocks: a lost packet shifts a tone's phase, which must not read as a quieter tone.
   */
  heard(since: number, frequencies: number[]): Record<number, number> {
    const chunks = this.received.filter((r) => r.at >= since).map((r) => r.samples);
    const all = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
    let o = 0;
    for (const c of chunks) {
      all.set(c, o);
      o += c.length;
    }
    const block = 1600;
    const blocks = Math.floor(all.length / block);
    return Object.fromEntries(
      frequencies.map((f) => {
        let sum = 0;
        for (let b = 0; b < blocks; b++) sum += goertzelAmplitude(all.subarray(b * block, (b + 1) * block), f, 16000);
        return [f, blocks ? sum / blocks : 0];
      }),
    );
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.socket.close();
  }
}

export function goertzelAmplitude(samples: Int16Array, frequency: number, rate: number): number {
  if (samples.length === 0) return 0;
  const w = (2 * Math.PI * frequency) / rate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * Math.sqrt(Math.max(power, 0))) / samples.length;
}

