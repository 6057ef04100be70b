import { AdaptivePredictor, saturate } from './g722-adaptive-predictor.ts';
import { stepSizeOf } from './g722-scale-factor.ts';

/**
 * The lower sub-band (0–4 kHz) of G.722: 6-bit ADPCM in 64 kbit/s mode. The quantiser
 * uses all six bits, but the predictor and the scale factor adapt on the first four only
 * (the "embedded" core), so a receiver that dropped the low bits (modes 2 and 3) stays in
 * step with the sender.
 */
export class LowerBandAdpcm {
  private readonly predictor = new AdaptivePredictor();
  /** Log scale factor NBL, 0..18432. */
  private logScale = 0;
  /** Step size DETL, starting at 32. */
  private stepSize = stepSizeOf(0, STEP_EXPONENT_BIAS);

  /** Quantises one lower-band sample (15-bit) to its 6-bit code (block 1L, QUANTL). */
  encode(sample: number): number {
    const error = saturate(sample - this.predictor.estimate);
    // One's-complement magnitude, as the Recommendation's sign-magnitude quantiser takes it.
    const magnitude = error >= 0 ? error : -(error + 1);
    let interval = 1;
    while (interval < 30 && magnitude >= (DECISION_LEVELS[interval + 1]! * this.stepSize) >> 12) interval++;
    const code = error < 0 ? NEGATIVE_CODES[interval]! : POSITIVE_CODES[interval]!;
    this.adapt(code >> 2);
    return code;
  }

  /** Reconstructs one lower-band sample from its 6-bit code (block 5L, 64 kbit/s). */
  decode(code: number): number {
    const difference = (this.stepSize * OUTPUT_LEVELS_6BIT[code]!) >> 15;
    const sample = this.predictor.estimate + difference;
    this.adapt(code >> 2);
    return sample > 16383 ? 16383 : sample < -16384 ? -16384 : sample;
  }

  /** Blocks 2L (INVQAL), 3L (LOGSCL, SCALEL) and 4L on the 4-bit core of a code. */
  private adapt(core: number): void {
    const difference = (this.stepSize * OUTPUT_LEVELS_4BIT[core]!) >> 15;
    const leaked = (this.logScale * 32512) >> 15; // 1 − 2⁻⁷ leakage
    const next = leaked + LOG_SCALE_MULTIPLIERS[MAGNITUDE_OF_CORE[core]!]!;
    this.logScale = next < 0 ? 0 : next > 18432 ? 18432 : next;
    this.stepSize = stepSizeOf(this.logScale, STEP_EXPONENT_BIAS);
    this.predictor.update(difference);
  }
}

const STEP_EXPONENT_BIAS = 8;

/**
 * Lower decision levels of the 6-bit quantiser for intervals 1..30 (index = interval,
 * index 0 unused), in units of the step size / 4096. Interval 30 is open above.
 */
const DECISION_LEVELS = [
  0, 0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940,
  1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919,
];

/** The 6-bit code of each interval for a negative (ILN) and a non-negative (ILP) error. */
const NEGATIVE_CODES = [
  0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10,
  9, 8, 7, 6, 5, 4,
];
const POSITIVE_CODES = [
  0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38,
  37, 36, 35, 34, 33, 32,
];

/**
 * Reconstruction level of each 6-bit code, in units of the step size / 32768 (QQ6 with
 * its sign). Codes 0–3 are never sent; they decode as the smallest negative level.
 */
const OUTPUT_LEVELS_6BIT = [
  -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232,
  -9360, -8576, -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400,
  -2032, -1688, -1360, -1040, -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232,
  9360, 8576, 7856, 7192, 6576, 6000, 5456, 4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688,
  1360, 1040, 728, 432, 136, -432, -136,
];

/** Reconstruction level of each 4-bit core (QQ4 with its sign): the feedback path's. */
const OUTPUT_LEVELS_4BIT = [
  0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584,
  1200, 0,
];

/** The magnitude class (0 = the zero level, 7 = the largest) of each 4-bit core. */
const MAGNITUDE_OF_CORE = [0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0];

/** Log scale factor multipliers W(IL4) per magnitude class: small codes shrink the step. */
const LOG_SCALE_MULTIPLIERS = [-60, -30, 58, 172, 334, 538, 1198, 3042];
