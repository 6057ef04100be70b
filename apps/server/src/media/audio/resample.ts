/**
 * 8 kHz ⇄ 16 kHz for G.711 legs in the 16 kHz mixer: a 47-tap windowed-sinc low-pass
 * (Hamming, cut-off 3.9 kHz at 16 kHz) used both ways — before dropping every other
 * sample (so 4–8 kHz content does not fold back into the telephone band), and after
 * inserting zeros (so the images above 4 kHz are removed). Flat within about a decibel
 * up to 3.4 kHz, the top of the telephone band. Each instance is one stream: it keeps
 * the last samples of the previous frame.
 */
const TAPS = 47;
const CUTOFF = 3900 / 16000;

const kernel: Float64Array = (() => {
  const k = new Float64Array(TAPS);
  const mid = (TAPS - 1) / 2;
  let sum = 0;
  for (let i = 0; i < TAPS; i++) {
    const x = i - mid;
    const sinc = x === 0 ? 2 * CUTOFF : Math.sin(2 * Math.PI * CUTOFF * x) / (Math.PI * x);
    k[i] = sinc * (0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (TAPS - 1)));
    sum += k[i]!;
  }
  for (let i = 0; i < TAPS; i++) k[i]! /= sum;
  return k;
})();

const toInt16 = (x: number) => Math.max(-32768, Math.min(32767, Math.round(x)));
const HISTORY = TAPS - 1;

/**
 * Both directions are polyphase: going down, only the kept outputs are computed; going
 * up, only the taps that meet a real (not stuffed-zero) sample. Half the work each.
 */
export class Upsampler {
  /** The last input samples (8 kHz) the filter still reaches back to. */
  private history = new Float64Array(HISTORY / 2);

  /** 8 kHz samples in, twice as many 16 kHz samples out. */
  process(narrow: Int16Array): Int16Array {
    const back = this.history.length;
    const input = new Float64Array(back + narrow.length);
    input.set(this.history);
    input.set(narrow, back);
    const out = new Int16Array(narrow.length * 2);
    for (let n = 0; n < out.length; n++) {
      // Output n at 16 kHz sees stuffed samples n-(TAPS-1) .. n; the real ones are the even
      // positions, i.e. input samples (n - HISTORY + t) / 2 for the taps t that make it even.
      let acc = 0;
      for (let t = (n + HISTORY) % 2 === 0 ? 0 : 1; t < TAPS; t += 2) acc += kernel[t]! * input[(n - HISTORY + t) / 2 + back]!;
      // Zero-stuffing halves the signal in the pass band: gain 2 restores it.
      out[n] = toInt16(2 * acc);
    }
    this.history = input.slice(input.length - back);
    return out;
  }
}

export class Downsampler {
  /** The last input samples (16 kHz) the filter still reaches back to. */
  private history = new Float64Array(HISTORY);

  /** 16 kHz samples in (an even number), half as many 8 kHz samples out. */
  process(wide: Int16Array): Int16Array {
    const input = new Float64Array(HISTORY + wide.length);
    input.set(this.history);
    input.set(wide, HISTORY);
    const out = new Int16Array(wide.length >> 1);
    for (let i = 0; i < out.length; i++) {
      let acc = 0;
      const start = 2 * i;
      for (let t = 0; t < TAPS; t++) acc += kernel[t]! * input[start + t]!;
      out[i] = toInt16(acc);
    }
    this.history = input.slice(input.length - HISTORY);
    return out;
  }
}
