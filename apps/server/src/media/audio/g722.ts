import { HigherBandAdpcm } from './g722-higher-band.ts';
import { LowerBandAdpcm } from './g722-lower-band.ts';
import { ReceiveQmf, TransmitQmf } from './g722-qmf.ts';

/**
 * ITU-T G.722 at 64 kbit/s (mode 1), written from the Recommendation: a QMF splits 16 kHz
 * audio into two 8 kHz sub-bands, the lower coded with 6-bit ADPCM and the higher with
 * 2-bit ADPCM, packed as one octet per pair of input samples (higher band in the two
 * most significant bits). No maintained npm package implements it.
 *
 * Each instance is one stream: the filters and the adaptive quantisers carry their state
 * from one call to the next, so feed a stream's packets in order to one instance.
 * The decoded audio lags the input by the two QMFs' 22 samples (1.375 ms).
 */
export class G722Encoder {
  private readonly qmf = new TransmitQmf();
  private readonly lower = new LowerBandAdpcm();
  private readonly higher = new HigherBandAdpcm();

  /** 16 kHz mono samples, an even number of them, to one octet per pair. */
  encode(pcm: Int16Array): Buffer {
    if (pcm.length % 2 !== 0) {
      throw new RangeError(`G.722 encodes pairs of samples; got ${pcm.length} samples`);
    }
    const payload = Buffer.allocUnsafe(pcm.length / 2);
    for (let i = 0; i < payload.length; i++) {
      this.qmf.split(pcm[2 * i]!, pcm[2 * i + 1]!);
      const low = this.lower.encode(this.qmf.lower);
      const high = this.higher.encode(this.qmf.higher);
      payload[i] = (high << 6) | low;
    }
    return payload;
  }
}

export class G722Decoder {
  private readonly qmf = new ReceiveQmf();
  private readonly lower = new LowerBandAdpcm();
  private readonly higher = new HigherBandAdpcm();

  /** One octet per pair to 16 kHz mono samples, two per octet. */
  decode(payload: Buffer): Int16Array {
    const pcm = new Int16Array(payload.length * 2);
    for (let i = 0; i < payload.length; i++) {
      const octet = payload[i]!;
      this.qmf.merge(this.lower.decode(octet & 0x3f), this.higher.decode(octet >> 6));
      pcm[2 * i] = this.qmf.first;
      pcm[2 * i + 1] = this.qmf.second;
    }
    return pcm;
  }
}
