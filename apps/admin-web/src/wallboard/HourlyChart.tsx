import type { HourlyCalls } from '@cc/shared';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const hourLabel = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', timeZone });

/** Today's calls by hour in the contact center's time zone, answered and abandoned stacked (all queues). */
export function HourlyChart({ hourly, timeZone }: { hourly: HourlyCalls[]; timeZone: string }) {
  const data = hourly.map((h) => ({
    hour: hourLabel(h.hourStart, timeZone),
    Answered: h.answered,
    Abandoned: h.abandoned,
    Other: Math.max(0, h.offered - h.answered - h.abandoned),
  }));
  const total = hourly.reduce((sum, h) => sum + h.offered, 0);
  return (
    <section className="panel chart-panel" aria-labelledby="hourly-title">
      <h2 id="hourly-title">Today's calls by hour</h2>
      <p className="muted small">
        {total} calls offered since midnight; hours in the contact center's time ({timeZone}). "Other" are calls still waiting or sent elsewhere.
      </p>
      <div className="chart" role="img" aria-label={`Bar chart of today's calls by hour: ${total} offered`}>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e8f0" />
            <XAxis dataKey="hour" tick={{ fontSize: 13 }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tick={{ fontSize: 13 }} />
            <Tooltip cursor={{ fill: 'rgba(36, 84, 214, 0.06)' }} />
            <Legend />
            <Bar dataKey="Answered" stackId="calls" fill="#1f9d55" isAnimationActive={false} />
            <Bar dataKey="Abandoned" stackId="calls" fill="#d64545" isAnimationActive={false} />
            <Bar dataKey="Other" stackId="calls" fill="#a0aec0" radius={[4, 4, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
