import { saturate } from './g722-adaptive-predictor.ts';

/**
 * G.722's quadrature mirror filters: the 24-tap pair that splits 16 kHz audio into a
 * lower and a higher 8 kHz sub-band and merges them back. Coefficients h0..h23 are the
 * Recommendation's, scaled by 2^13; the filter is symmetric (h_i = h_(23−i)).
 */
const QMF_COEFFICIENTS = [
  3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876, 3876, 951, -805, -210, 362, 32, -156,
  12, 53, -11, -11, 3,
];
const EVEN_TAPS = Int32Array.from(QMF_COEFFICIENTS.filter((_, i) => i % 2 === 0));
const ODD_TAPS = Int32Array.from(QMF_COEFFICIENTS.filter((_, i) => i % 2 === 1));
const HALF_LENGTH = 12;

/**
 * The transmit QMF. Each pair of input samples x(j−1), x(j) gives
 * xA = Σ h_2i·x(j−2i), xB = Σ h_(2i+1)·x(j−2i−1), and the sub-band samples
 * xL = xA + xB, xH = xA − xB. The shift by 14 takes 16-bit input to the 15-bit sub-band
 * range the ADPCM quantisers expect.
 */
export class TransmitQmf {
  /** x(j−1), x(j−3), … and x(j), x(j−2), …, newest first. */
  private readonly older = new Int32Array(HALF_LENGTH);
  private readonly newer = new Int32Array(HALF_LENGTH);
  lower = 0;
  higher = 0;

  /** Splits the next two input samples into `lower` and `higher`. */
  split(first: number, second: number): void {
    const { older, newer } = this;
    older.copyWithin(1, 0, HALF_LENGTH - 1);
    newer.copyWithin(1, 0, HALF_LENGTH - 1);
    older[0] = first;
    newer[0] = second;
    let a = 0;
    let b = 0;
    for (let i = 0; i < HALF_LENGTH; i++) {
      a += EVEN_TAPS[i]! * newer[i]!;
      b += ODD_TAPS[i]! * older[i]!;
    }
    this.lower = (a + b) >> 14;
    this.higher = (a - b) >> 14;
  }
}

/**
 * The receive QMF: from the sub-band sums xd = rL − rH and xs = rL + rH it computes
 * x(j) = 2·Σ h_2i·xd(j−i) and x(j+1) = 2·Σ h_(2i+1)·xs(j−i), back at 16-bit scale.
 */
export class ReceiveQmf {
  private readonly differences = new Int32Array(HALF_LENGTH);
  private readonly sums = new Int32Array(HALF_LENGTH);
  first = 0;
  second = 0;

  /** Merges one lower and one higher sub-band sample into `first` and `second`. */
  merge(lower: number, higher: number): void {
    const { differences, sums } = this;
    differences.copyWithin(1, 0, HALF_LENGTH - 1);
    sums.copyWithin(1, 0, HALF_LENGTH - 1);
    differences[0] = lower - higher;
    sums[0] = lower + higher;
    let first = 0;
    let second = 0;
    for (let i = 0; i < HALF_LENGTH; i++) {
      first += EVEN_TAPS[i]! * differences[i]!;
      second += ODD_TAPS[i]! * sums[i]!;
    }
    this.first = saturate(first >> 11);
    this.second = saturate(second >> 11);
  }
}
