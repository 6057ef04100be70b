import type { AgentReportTotal, QueueReportTotal } from '@cc/shared';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { intervalLabel } from './figure-format.ts';

interface Props {
  grouping: 'hour' | 'day';
  timeZone: string;
  queueTotals: QueueReportTotal[];
  agentTotals: AgentReportTotal[];
}

const pct = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

/**
 * Calls per hour or day (answered, abandoned and the rest, stacked) with the service
 * level and agent occupancy as lines on a percentage axis.
 */
export function TrendChart({ grouping, timeZone, queueTotals, agentTotals }: Props) {
  const occupancy = new Map(agentTotals.map((t) => [t.interval?.start, t.occupancy]));
  const data = queueTotals.map((t) => ({
    label: t.interval ? intervalLabel(t.interval.start, grouping, timeZone) : '',
    Answered: t.answered,
    Abandoned: t.abandoned,
    'Other unanswered': Math.max(0, t.offered - t.answered - t.abandoned),
    'Service level %': pct(t.serviceLevel),
    'Occupancy %': pct(occupancy.get(t.interval?.start) ?? null),
  }));
  const offered = queueTotals.reduce((sum, t) => sum + t.offered, 0);
  const busiest = queueTotals.reduce<QueueReportTotal | null>((best, t) => (!best || t.offered > best.offered ? t : best), null);
  const summary =
    offered === 0
      ? `No calls offered in this period, by ${grouping}.`
      : `Calls by ${grouping}: ${offered} offered; the busiest ${grouping} is ${busiest?.interval ? intervalLabel(busiest.interval.start, grouping, timeZone) : ''} with ${busiest?.offered ?? 0}.`;
  return (
    <div className="rp-chart" role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: -12 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: '#5b6778' }} interval="preserveStartEnd" minTickGap={12} />
          <YAxis yAxisId="calls" allowDecimals={false} tick={{ fontSize: 12, fill: '#5b6778' }} />
          <YAxis yAxisId="pct" orientation="right" domain={[0, 100]} unit="%" tick={{ fontSize: 12, fill: '#5b6778' }} width={48} />
          <Tooltip cursor={{ fill: 'rgba(36, 84, 214, 0.06)' }} />
          <Legend iconType="circle" wrapperStyle={{ fontSize: 13 }} />
          <Bar yAxisId="calls" dataKey="Answered" stackId="calls" fill="#2f9e6b" isAnimationActive={false} />
          <Bar yAxisId="calls" dataKey="Abandoned" stackId="calls" fill="#e0605a" isAnimationActive={false} />
          <Bar yAxisId="calls" dataKey="Other unanswered" stackId="calls" fill="#b8c2d3" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Line yAxisId="pct" dataKey="Service level %" stroke="#2454d6" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
          <Line yAxisId="pct" dataKey="Occupancy %" stroke="#8a5cd6" strokeWidth={2} strokeDasharray="5 4" dot={false} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
