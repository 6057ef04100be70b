import type { CallQuality } from '@cc/shared';

/** A call's RTP figures as mediasoup reports them (ProducerStat / ConsumerStat fields). */
export interface StreamStats {
  /** RTCP's 8-bit fraction: lost / expected × 256 over the last interval. */
  fractionLost: number;
  packetsLost: number;
  packetCount: number;
  /** Interarrival jitter; mediasoup keeps it in milliseconds (RtpStreamRecv::CalculateJitter). */
  jitter?: number;
  /** From RTCP receiver reports (LSR/DLSR), milliseconds; absent or 0 until a peer reports it. */
  roundTripTime?: number;
}

/**
 * Jitter readings above this are artefacts, not network: mediasoup computes transit
 * times as `rtpTimestamp * 1000 / clockRate` in 32-bit arithmetic, which wraps every
 * ~89 s at 48 kHz and spikes the running jitter for a few seconds.
 */
const MAX_CREDIBLE_JITTER_MS = 1_000;

/** Under this estimated MOS a call is flagged poor: listeners start to notice. */
export const POOR_MOS = 3.5;

/** One-way delay assumed when no peer has reported a round trip (a short network path). */
const ASSUMED_ONE_WAY_MS = 40;
/** Packetisation and codec look-ahead (a 20 ms frame plus some), added to every path. */
const CODEC_DELAY_MS = 10;
/** G.113 Appendix I packet-loss robustness of G.711 with concealment; Opus does better. */
const LOSS_ROBUSTNESS = 25.1;

/**
 * A simplified ITU-T G.107 E-model (after Cole & Rosenbluth, "Voice over IP Performance
 * Monitoring", 2001):
 *
 *   d      = rtt / 2 + 2 × jitter + 10 ms          (mouth-to-ear delay; a jitter buffer of 2× jitter)
 *   Id     = 0.024 d + 0.11 (d − 177.3) · [d > 177.3]
 *   Ie,eff = 95 × Ppl / (Ppl + Bpl)                 (Ie = 0, Bpl = 25.1, Ppl = loss in percent)
 *   R      = 93.2 − Id − Ie,eff
 *   MOS    = 1 + 0.035 R + 7·10⁻⁶ R (R − 60)(100 − R), 1 for R ≤ 0, 4.5 for R ≥ 100
 *
 * It rates a narrowband call, so even a perfect one scores about 4.4.
 */
export function estimateMos(input: { packetLossPercent: number; jitterMs: number; roundTripMs: number | null }): number {
  const oneWay = input.roundTripMs !== null ? input.roundTripMs / 2 : ASSUMED_ONE_WAY_MS;
  const d = oneWay + 2 * input.jitterMs + CODEC_DELAY_MS;
  const delayImpairment = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
  const loss = Math.max(0, Math.min(100, input.packetLossPercent));
  const lossImpairment = (95 * loss) / (loss + LOSS_ROBUSTNESS);
  const r = 93.2 - delayImpairment - lossImpairment;
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
}

/**
 * The call's quality: the worst of its streams, both ways (what the SFU receives from
 * each party and what each party reports receiving from it). Null before any packet.
 */
export function summariseQuality(streams: { received: StreamStats[]; sent: StreamStats[] }): CallQuality | null {
  const all = [...streams.received, ...streams.sent];
  if (!all.some((s) => s.packetCount > 0)) return null;
  const packetLossPercent = Math.max(0, ...all.map((s) => (Math.min(255, Math.max(0, s.fractionLost)) / 256) * 100));
  const jitterMs = Math.max(0, ...streams.received.map((s) => s.jitter ?? 0).filter((j) => j <= MAX_CREDIBLE_JITTER_MS));
  const rtts = all.map((s) => s.roundTripTime ?? 0).filter((rtt) => rtt > 0);
  const roundTripMs = rtts.length > 0 ? Math.max(...rtts) : null;
  const mos = estimateMos({ packetLossPercent, jitterMs, roundTripMs });
  return {
    packetLossPercent: round(packetLossPercent, 1),
    packetsLost: all.reduce((sum, s) => sum + Math.max(0, s.packetsLost), 0),
    jitterMs: round(jitterMs, 1),
    roundTripMs: roundTripMs === null ? null : round(roundTripMs, 1),
    mos: round(mos, 2),
    poor: mos < POOR_MOS,
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
