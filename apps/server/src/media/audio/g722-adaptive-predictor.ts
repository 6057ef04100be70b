/**
 * The adaptive pole-zero predictor of one G.722 sub-band (block 4 of the Recommendation,
 * identical in both bands): two poles on the reconstructed signal, six zeros on the
 * quantised difference, coefficients adapted by the sign-sign algorithm with leakage.
 * Encoder and decoder run the same arithmetic on the same inputs, so they stay in step.
 *
 * Fixed point as in the Recommendation: signals are 16-bit, coefficients Q14, every
 * intermediate saturates to 16 bits.
 */
export class AdaptivePredictor {
  /** The signal estimate for the next sample (SL / SH). */
  estimate = 0;
  /** The zero section's share of `estimate` (SZL / SZH): the quantiser feedback needs it. */
  private zeroEstimate = 0;

  /** Pole coefficients a1, a2 (Q14). */
  private a1 = 0;
  private a2 = 0;
  /** Reconstructed signal r(k-1), r(k-2). */
  private r1 = 0;
  private r2 = 0;
  /** Partially reconstructed signal p(k-1), p(k-2): the pole update follows its signs. */
  private p1 = 0;
  private p2 = 0;
  /** Zero coefficients b1..b6 (Q14, index 0 unused) and quantised differences d(k-1)..d(k-6). */
  private readonly b = new Int32Array(7);
  private readonly d = new Int32Array(7);

  /** Feeds one quantised difference (DLT / DH) and computes the next estimate. */
  update(difference: number): void {
    const reconstructed = saturate(this.estimate + difference); // RECONS
    const partial = saturate(this.zeroEstimate + difference); // PARREC

    this.adaptPoles(partial);
    this.adaptZeros(difference);

    this.r2 = this.r1;
    this.r1 = reconstructed;
    this.p2 = this.p1;
    this.p1 = partial;

    // FILTEP: the pole section on the reconstructed signal.
    const pole1 = (this.a1 * saturate(this.r1 * 2)) >> 15;
    const pole2 = (this.a2 * saturate(this.r2 * 2)) >> 15;
    const poleEstimate = saturate(pole1 + pole2);

    // FILTEZ: the zero section on the quantised differences.
    let zeros = 0;
    for (let i = 6; i > 0; i--) zeros += (this.b[i]! * saturate(this.d[i]! * 2)) >> 15;
    this.zeroEstimate = saturate(zeros);

    this.estimate = saturate(poleEstimate + this.zeroEstimate); // PREDIC
  }

  /** UPPOL2 then UPPOL1 (a1 is bounded by the new a2, which keeps the poles stable). */
  private adaptPoles(partial: number): void {
    const sameSignAsP1 = partial < 0 === this.p1 < 0;
    const sameSignAsP2 = partial < 0 === this.p2 < 0;

    // a2 ← (1 − 2⁻⁷)·a2 + 2⁻⁷·(sgn p·sgn p(k−2) − f(a1)·sgn p·sgn p(k−1)), f(a1) = 4·a1 saturated.
    const fourA1 = saturate(this.a1 * 4);
    const a1Term = Math.min(sameSignAsP1 ? -fourA1 : fourA1, 32767) >> 7;
    const a2 = a1Term + (sameSignAsP2 ? 128 : -128) + ((this.a2 * 32512) >> 15);
    this.a2 = clamp(a2, -12288, 12288);

    // a1 ← (1 − 2⁻⁸)·a1 + 3·2⁻⁸·sgn p·sgn p(k−1), |a1| ≤ 1 − 2⁻⁴ − a2.
    const a1 = saturate((sameSignAsP1 ? 192 : -192) + ((this.a1 * 32640) >> 15));
    const a1Limit = saturate(15360 - this.a2);
    this.a1 = clamp(a1, -a1Limit, a1Limit);
  }

  /** UPZERO then the difference delay line: b_i ← (1 − 2⁻⁸)·b_i + 2⁻⁷·sgn d·sgn d(k−i). */
  private adaptZeros(difference: number): void {
    const step = difference === 0 ? 0 : 128;
    const negative = difference < 0;
    const { b, d } = this;
    for (let i = 1; i <= 6; i++) {
      const leaked = (b[i]! * 32640) >> 15;
      b[i] = saturate((d[i]! < 0 === negative ? step : -step) + leaked);
    }
    for (let i = 6; i > 1; i--) d[i] = d[i - 1]!;
    d[1] = difference;
  }
}

/** Limits to the 16-bit range, as every adder of the Recommendation does. */
export function saturate(value: number): number {
  return value > 32767 ? 32767 : value < -32768 ? -32768 : value;
}

function clamp(value: number, low: number, high: number): number {
  return value > high ? high : value < low ? low : value;
}
