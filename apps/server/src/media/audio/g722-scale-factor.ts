/**
 * G.722's quantiser scale factors live in a log domain (the "NB" values, a 15-bit
 * fixed-point base-2 logarithm) and are turned back into a linear step size ("DET")
 * through a 32-entry mantissa table and a shift (blocks SCALEL and SCALEH).
 */

/** round(2048 · 2^(i/32)) for i = 0..31: one octave of mantissas (ILB in the Recommendation). */
const INVERSE_LOG_MANTISSA = [
  2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
  2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
];

/**
 * The linear step size for a log scale factor. `exponentBias` is 8 in the lower band and
 * 10 in the higher band, so both bands start (log 0) at the Recommendation's initial
 * step sizes: 32 below, 8 above.
 */
export function stepSizeOf(logScale: number, exponentBias: number): number {
  const mantissa = INVERSE_LOG_MANTISSA[(logScale >> 6) & 31]!;
  const shift = exponentBias - (logScale >> 11);
  const linear = shift < 0 ? mantissa << -shift : mantissa >> shift;
  return linear << 2;
}
