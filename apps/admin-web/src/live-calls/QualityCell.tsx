import type { CallQuality } from '@cc/shared';

/** A call's audio quality: estimated MOS, the figures behind it, and a flag when poor. */
export function QualityCell({ quality }: { quality: CallQuality | null }) {
  if (!quality) return <span className="muted">No audio yet</span>;
  const rtt = quality.roundTripMs === null ? 'RTT n/a' : `RTT ${Math.round(quality.roundTripMs)} ms`;
  const figures = `Loss ${quality.packetLossPercent}% · Jitter ${Math.round(quality.jitterMs)} ms · ${rtt}`;
  return (
    <div className="quality">
      <span className={`mos ${quality.poor ? 'mos-poor' : quality.mos < 4 ? 'mos-fair' : 'mos-good'}`} title="Estimated mean opinion score (1–4.5)">
        MOS {quality.mos.toFixed(1)}
      </span>
      {quality.poor && <span className="flag-poor">Poor</span>}
      <span className="quality-figures">{figures}</span>
    </div>
  );
}
