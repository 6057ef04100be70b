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

/**
 * The loudest frequency in what the page's `[data-remote-audio]` element plays (all its
 * tracks), by
 * majority over `frames` FFTs (8192 points at 48 kHz: 5.9 Hz bins), and its RMS level.
 */
export function dominantFrequency(page: Page, frames = 15): Promise<{ hz: number; rms: number }> {
  return page.evaluate(async (frames) => {
    const el = document.querySelector('[data-remote-audio]') as HTMLMediaElement | null;
    const stream = el?.srcObject as MediaStream | null;
    if (!stream || stream.getAudioTracks().length === 0) return { hz: 0, rms: 0 };
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
    const votes = new Map<number, number>();
    let rmsSum = 0;
    for (let i = 0; i < frames; i++) {
      await new Promise((r) => setTimeout(r, 100));
      analyser.getFloatFrequencyData(spectrum);
      analyser.getFloatTimeDomainData(samples);
      let peak = 1;
      for (let b = 2; b < spectrum.length; b++) if (spectrum[b]! > spectrum[peak]!) peak = b;
      const hz = Math.round((peak * ctx.sampleRate) / analyser.fftSize);
      votes.set(hz, (votes.get(hz) ?? 0) + 1);
      rmsSum += Math.sqrt(samples.reduce((s, x) => s + x * x, 0) / samples.length);
    }
    await ctx.close();
    const [hz] = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]!;
    return { hz, rms: rmsSum / frames };
  }, frames);
}

/**
 * Each of `tones`' level (dB) relative to the loudest frequency in what the page's
 * remote audio plays, averaged over `frames` FFTs: a party heard in a mix is within a
 * few dB of the peak, an absent one tens of dB below it.
 */
export function toneLevels(page: Page, tones: number[], frames = 10): Promise<number[]> {
  return page.evaluate(
    async ({ tones, frames }) => {
      const el = document.querySelector('[data-remote-audio]') as HTMLMediaElement | null;
      const stream = el?.srcObject as MediaStream | null;
      if (!stream || stream.getAudioTracks().length === 0) return tones.map(() => 0);
      const ctx = new AudioContext();
      await ctx.resume();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0;
      for (const track of stream.getAudioTracks()) ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser);
      const spectrum = new Float32Array(analyser.frequencyBinCount);
      const sum = new Float32Array(analyser.frequencyBinCount);
      for (let i = 0; i < frames; i++) {
        await new Promise((r) => setTimeout(r, 100));
        analyser.getFloatFrequencyData(spectrum);
        for (let b = 0; b < spectrum.length; b++) sum[b] += spectrum[b]! / frames;
      }
      const sampleRate = ctx.sampleRate;
      const peak = Math.max(...sum.slice(20));
      await ctx.close();
      // No named helpers in here: the page cannot see the bundler's __name wrapper.
      // The loudest bin within ±2 of the tone's (the codec smears a little).
      return tones.map(
        (hz) => Math.max(...[-2, -1, 0, 1, 2].map((d) => sum[Math.round((hz * 8192) / sampleRate) + d]!)) - peak,
      );
    },
    { tones, frames },
  );
}
