import type { BrowserContext, Page } from 'playwright-core';

/**
 * Test probes, measured where a person would hear: WebRTC's inbound statistics of
 * every peer connection on the page, and a spectrum of what plays in the page's
 * remote-audio element.
 */
export async function installPeerConnectionProbe(context: BrowserContext): Promise<void> {
  // Keeps a reference to each RTCPeerConnection the app makes, to read its stats.
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const seen: RTCPeerConnection[] = [];
    (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = seen;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        seen.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

export interface InboundAudio {
  packetsReceived: number;
  totalAudioEnergy: number;
}

export function inboundAudio(page: Page): Promise<InboundAudio> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __peerConnections?: RTCPeerConnection[] }).__peerConnections ?? [];
    const totals = { packetsReceived: 0, totalAudioEnergy: 0 };
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach((s: { type: string; kind?: string; packetsReceived?: number; totalAudioEnergy?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          totals.packetsReceived += s.packetsReceived ?? 0;
          totals.totalAudioEnergy += s.totalAudioEnergy ?? 0;
        }
      });
    }
    return totals;
  });
}

/** Polls until audio with energy arrives; returns the milliseconds it took. */
export async function waitForAudio(page: Page, timeoutMs = 15_000): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    const a = await inboundAudio(page);
    if (a.packetsReceived > 0 && a.totalAudioEnergy > 0) return Date.now() - start;
    await page.waitForTimeout(25);
  }
  throw new Error(`no audio arrived within ${timeoutMs} ms: ${JSON.stringify(await inboundAudio(page))}`);
}

/** What the page's `[data-remote-audio]` element plays (all its tracks, mixed), over `frames` FFTs. */
interface Spectrum {
  /** Hz per FFT bin (8192 points: 5.9 Hz at 48 kHz). */
  binHz: number;
  /** The average level per bin (dB). */
  average: number[];
  /** The loudest bin of each frame. */
  peaks: number[];
  rms: number;
}

function sampleSpectrum(page: Page, frames: number): Promise<Spectrum | null> {
  // No named helpers in here: the page cannot see the bundler's __name wrapper.
  return page.evaluate(async (frames) => {
    const el = document.querySelector('[data-remote-audio]') as HTMLMediaElement | null;
    const stream = el?.srcObject as MediaStream | null;
    if (!stream || stream.getAudioTracks().length === 0) return null;
    const ctx = new AudioContext();
    await ctx.resume();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 8192;
    analyser.smoothingTimeConstant = 0;
    // Every track the element plays (agent, music on hold, ...), mixed as it hears them:
    // a source made from the whole stream would take only its first track.
    for (const track of stream.getAudioTracks()) ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const spectrum = new Float32Array(analyser.frequencyBinCount);
    const samples = new Float32Array(analyser.fftSize);
    const average = new Array<number>(spectrum.length).fill(0);
    const peaks: number[] = [];
    let rmsSum = 0;
    for (let i = 0; i < frames; i++) {
      await new Promise((r) => setTimeout(r, 100));
      analyser.getFloatFrequencyData(spectrum);
      analyser.getFloatTimeDomainData(samples);
      let peak = 2;
      for (let b = 0; b < spectrum.length; b++) {
        average[b]! += spectrum[b]! / frames;
        if (b > 2 && spectrum[b]! > spectrum[peak]!) peak = b;
      }
      peaks.push(peak);
      rmsSum += Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length);
    }
    const binHz = ctx.sampleRate / analyser.fftSize;
    await ctx.close();
    return { binHz, average, peaks, rms: rmsSum / frames };
  }, frames);
}

/** The loudest frequency in what the page plays, by majority over `frames` FFTs, and its RMS level. */
export async function dominantFrequency(page: Page, frames = 15): Promise<{ hz: number; rms: number }> {
  const spectrum = await sampleSpectrum(page, frames);
  if (!spectrum) return { hz: 0, rms: 0 };
  const votes = new Map<number, number>();
  for (const bin of spectrum.peaks) {
    const hz = Math.round(bin * spectrum.binHz);
    votes.set(hz, (votes.get(hz) ?? 0) + 1);
  }
  const [hz] = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return { hz, rms: spectrum.rms };
}

/**
 * Each of `tones`' level (dB) relative to the loudest frequency in what the page
 * plays, averaged over `frames` FFTs: a party heard in a mix is within a few dB of
 * the peak, an absent one tens of dB below it.
 */
export async function toneLevels(page: Page, tones: number[], frames = 10): Promise<number[]> {
  const spectrum = await sampleSpectrum(page, frames);
  if (!spectrum) return tones.map(() => -Infinity);
  const { average, binHz } = spectrum;
  const peak = Math.max(...average.slice(20));
  // The loudest bin within ±2 of the tone's (the codec smears a little).
  return tones.map((hz) => Math.max(...[-2, -1, 0, 1, 2].map((d) => average[Math.round(hz / binHz) + d]!)) - peak);
}
