import type { AgentReportTotal, QueueReportTotal } from '@cc/shared';
import { count, duration, percent } from './figure-format.ts';

interface Tile {
  label: string;
  value: string;
  detail: string;
  tone?: 'good' | 'warn' | 'bad';
}

/** A service level under 80 % (the usual 80/20 target) is amber; under 60 % red. */
function serviceTone(share: number | null): Tile['tone'] {
  if (share === null) return undefined;
  return share >= 0.8 ? 'good' : share >= 0.6 ? 'warn' : 'bad';
}

/** The period at a glance: the whole-period totals of the queue and agent reports. */
export function KpiTiles({ queues, agents }: { queues: QueueReportTotal | null; agents: AgentReportTotal | null }) {
  const q = queues;
  const tiles: Tile[] = [
    { label: 'Offered', value: q ? count(q.offered) : '…', detail: q ? `${count(q.overflowed)} overflowed elsewhere` : '' },
    { label: 'Answered', value: q ? count(q.answered) : '…', detail: q ? `${percent(q.answerRate)} answer rate` : '' },
    {
      label: 'Abandoned',
      value: q ? count(q.abandoned) : '…',
      detail: q ? `after ${duration(q.avgAbandonedWaitSeconds)} on average` : '',
      tone: q && q.offered > 0 && q.abandoned / q.offered > 0.1 ? 'bad' : undefined,
    },
    {
      label: 'Service level',
      value: q ? percent(q.serviceLevel) : '…',
      detail: q ? `${count(q.answeredWithinServiceLevel)} of ${count(q.offered)} answered in time` : '',
      tone: serviceTone(q?.serviceLevel ?? null),
    },
    { label: 'ASA', value: q ? duration(q.asaSeconds) : '…', detail: 'average speed of answer' },
    { label: 'AHT', value: q ? duration(q.ahtSeconds) : '…', detail: q ? `talk ${duration(q.avgTalkSeconds)} + wrap-up ${duration(q.avgWrapUpSeconds)}` : '' },
    { label: 'Occupancy', value: agents ? percent(agents.occupancy) : '…', detail: 'on calls or wrap-up while signed in' },
  ];
  return (
    <dl className="rp-kpis" aria-label="Period totals">
      {tiles.map((t) => (
        <div key={t.label} className={`rp-kpi${t.tone ? ` rp-kpi-${t.tone}` : ''}`}>
          <dt>{t.label}</dt>
          <dd className="rp-kpi-value">{t.value}</dd>
          <dd className="rp-kpi-detail">{t.detail}</dd>
        </div>
      ))}
    </dl>
  );
}
