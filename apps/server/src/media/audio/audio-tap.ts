import type { types } from 'mediasoup';
import { type AudioDecoder, createDecoder } from './pcm-codecs.ts';
import { PlayoutBuffer } from './playout-buffer.ts';
import { isNewerSequence, parseRtp } from './rtp-packet.ts';

/**
 * One producer's audio, decoded: a consumer on the room's DirectTransport whose packets
 * are decoded as they come and queued for the mixer's clock. Out-of-order and repeated
 * packets are dropped (on loopback they are rare; a real jitter buffer is not needed for
 * packets that have already been through mediasoup's). Telephone-event packets carry a
 * different payload type and are skipped.
 */
export class AudioTap {
  readonly buffer = new PlayoutBuffer();
  private readonly decoder: AudioDecoder;
  private readonly payloadType: number;
  private lastSequence: number | null = null;
  packets = 0;
  decodeErrors = 0;

  constructor(
    readonly producerId: string,
    private readonly consumer: types.Consumer,
  ) {
    const codec = consumer.rtpParameters.codecs[0]!;
    this.payloadType = codec.payloadType;
    this.decoder = createDecoder(codec.mimeType);
    consumer.on('rtp', (packet) => this.onPacket(packet));
  }

  private onPacket(packet: Buffer): void {
    const rtp = parseRtp(packet);
    if (!rtp || rtp.header.payloadType !== this.payloadType) return;
    if (this.lastSequence !== null && !isNewerSequence(rtp.header.sequenceNumber, this.lastSequence)) return;
    this.lastSequence = rtp.header.sequenceNumber;
    this.packets++;
    try {
      this.buffer.push(this.decoder.decode(rtp.payload), performance.now());
    } catch {
      // A payload the codec rejects is one lost packet, not a broken call.
      this.decodeErrors++;
    }
  }

  close(): void {
    this.consumer.close();
    this.decoder.close();
  }
}
