import { AdaptivePredictor, saturate } from './g722-adaptive-predictor.ts';
import { stepSizeOf } from './g722-scale-factor.ts';

/**
 * The higher sub-band (4–8 kHz) of G.722: 2-bit ADPCM (a sign and one magnitude bit),
 * with the same predictor as the lower band and its own scale factor adaptation.
 */
export class HigherBandAdpcm {
  private readonly predictor = new AdaptivePredictor();
  /** Log scale factor NBH, 0..22528. */
  private logScale = 0;
  /** Step size DETH, starting at 8. */
  private stepSize = stepSizeOf(0, STEP_EXPONENT_BIAS);

  /** Quantises one higher-band sample to its 2-bit code (block 1H, QUANTH). */
  encode(sample: number): number {
    const error = saturate(sample - this.predictor.estimate);
    const magnitude = error >= 0 ? error : -(error + 1);
    const outer = magnitude >= (DECISION_LEVEL * this.stepSize) >> 12;
    // Codes: 0 = large negative, 1 = small negative, 2 = large positive, 3 = small positive.
    const code = (error < 0 ? 0 : 2) | (outer ? 0 : 1);
    this.adapt(code);
    return code;
  }

  /** Reconstructs one higher-band sample from its 2-bit code (block 5H). */
  decode(code: number): number {
    const estimate = this.predictor.estimate;
    const sample = estimate + this.adapt(code);
    return sample > 16383 ? 16383 : sample < -16384 ? -16384 : sample;
  }

  /** Blocks 2H (INVQAH), 3H (LOGSCH, SCALEH) and 4H; returns the quantised difference. */
  private adapt(code: number): number {
    const difference = (this.stepSize * OUTPUT_LEVELS[code]!) >> 15;
    const leaked = (this.logScale * 32512) >> 15; // 1 − 2⁻⁷ leakage
    const next = leaked + ((code & 1) === 0 ? OUTER_MULTIPLIER : INNER_MULTIPLIER);
    this.logScale = next < 0 ? 0 : next > 22528 ? 22528 : next;
    this.stepSize = stepSizeOf(this.logScale, STEP_EXPONENT_BIAS);
    this.predictor.update(difference);
    return difference;
  }
}

const STEP_EXPONENT_BIAS = 10;

/** The one decision level between the inner and outer interval, step size / 4096 (Q2). */
const DECISION_LEVEL = 564;

/** Reconstruction level of each 2-bit code, step size / 32768 (QQ2 with its sign). */
const OUTPUT_LEVELS = [-7408, -1616, 7408, 1616];

/** Log scale factor multipliers W(IH): an outer code grows the step, an inner one shrinks it. */
const OUTER_MULTIPLIER = 798;
const INNER_MULTIPLIER = -214;
