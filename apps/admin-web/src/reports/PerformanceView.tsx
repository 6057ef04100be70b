import type { AgentReport, QueueReport, QueueReportQueryInput } from '@cc/shared';
import { CsvButton } from './CsvButton.tsx';
import { AgentTable, QueueTable } from './FigureTables.tsx';
import { KpiTiles } from './KpiTiles.tsx';
import type { ReportApi } from './report-api.ts';
import { TrendChart } from './TrendChart.tsx';
import { type Fetched, shown } from './use-fetched.ts';

export interface PerformanceData {
  queues: Fetched<QueueReport>;
  agents: Fetched<AgentReport>;
  queuesByInterval: Fetched<QueueReport>;
  agentsByInterval: Fetched<AgentReport>;
}

interface Props {
  api: ReportApi;
  data: PerformanceData;
  /** The whole-period query; the chart's is the same with `groupBy` set. */
  query: QueueReportQueryInput;
  grouping: 'hour' | 'day';
  onGrouping: (grouping: 'hour' | 'day') => void;
  isSupervisor: boolean;
}

function Failure({ of }: { of: Fetched<unknown> }) {
  return of.state === 'failed' ? (
    <p role="alert" className="rp-problem">
      {of.message}
    </p>
  ) : null;
}

/** KPIs, the trend by hour or day, and the queue and agent tables for the period. */
export function PerformanceView({ api, data, query, grouping, onGrouping, isSupervisor }: Props) {
  const queues = shown(data.queues);
  const agents = shown(data.agents);
  const queuesByInterval = shown(data.queuesByInterval);
  const agentsByInterval = shown(data.agentsByInterval);
  const timeZone = query.timeZone ?? 'UTC';
  return (
    <div className="rp-performance">
      <Failure of={data.queues} />
      <KpiTiles queues={queues?.totals[0] ?? null} agents={agents?.totals[0] ?? null} />

      <section className="rp-panel" aria-labelledby="rp-trend-title">
        <header className="rp-panel-head">
          <div>
            <h2 id="rp-trend-title">Calls by {grouping}</h2>
            <p className="rp-sub">Bars count calls by when they were offered; lines show service level and occupancy.</p>
          </div>
          <div className="rp-panel-actions">
            <div className="rp-segmented" role="group" aria-label="Chart intervals">
              {(['hour', 'day'] as const).map((g) => (
                <button key={g} type="button" aria-pressed={grouping === g} onClick={() => onGrouping(g)}>
                  By {g}
                </button>
              ))}
            </div>
            <CsvButton
              name={`Download queue report by ${grouping} as CSV`}
              download={() => api.reportCsv('queues', { ...query, groupBy: grouping })}
            />
          </div>
        </header>
        <Failure of={data.queuesByInterval} />
        {queuesByInterval && (
          <TrendChart
            grouping={grouping}
            timeZone={timeZone}
            queueTotals={queuesByInterval.totals}
            agentTotals={agentsByInterval?.totals ?? []}
          />
        )}
      </section>

      <section className="rp-panel" aria-labelledby="rp-queues-title">
        <header className="rp-panel-head">
          <div>
            <h2 id="rp-queues-title">Queues</h2>
            <p className="rp-sub">A call counts once, in the queue that last had it. Service level is measured against each queue's own target.</p>
          </div>
          <CsvButton name="Download queue report as CSV" download={() => api.reportCsv('queues', query)} />
        </header>
        {queues && <QueueTable report={queues} />}
      </section>

      <section className="rp-panel" aria-labelledby="rp-agents-title">
        <header className="rp-panel-head">
          <div>
            <h2 id="rp-agents-title">Agents</h2>
            <p className="rp-sub">
              {isSupervisor ? 'The agents of the teams you supervise. ' : ''}
              Occupancy is time on calls and in wrap-up, of the time signed in and not away.
            </p>
          </div>
          <CsvButton name="Download agent report as CSV" download={() => api.reportCsv('agents', query)} />
        </header>
        <Failure of={data.agents} />
        {agents && (agents.rows.length > 0 ? <AgentTable report={agents} /> : <p className="rp-empty">No agents to show.</p>)}
      </section>
    </div>
  );
}
