import type { AdminQueue, PublicUser, QueueReportQueryInput } from '@cc/shared';
import { useMemo, useState } from 'react';
import { CallRecordsView } from './CallRecordsView.tsx';
import { dayLabel } from './figure-format.ts';
import { PerformanceView } from './PerformanceView.tsx';
import { type PeriodChoice, browserTimeZone, localDate, resolvePeriod } from './report-period.ts';
import { PeriodBar } from './PeriodBar.tsx';
import { shown, useFetched } from './use-fetched.ts';
import { useReportApi } from './use-report-api.ts';
import './reports.css';

type Tab = 'performance' | 'calls';
const tabs: Array<[Tab, string]> = [
  ['performance', 'Performance'],
  ['calls', 'Call records'],
];

/**
 * The console's "Reports" section (issue #6): queue and agent figures for a period, by
 * hour or day, with CSV downloads; and the call-record search with each call's log and
 * recording. Everything is fetched for the chosen period (STYLE.md: reports are fetched,
 * not pushed); Refresh fetches again.
 */
export function ReportsPage({ user }: { user: PublicUser }) {
  const api = useReportApi();
  const [choice, setChoice] = useState<PeriodChoice>(() => {
    const timeZone = browserTimeZone();
    const today = localDate(new Date(), timeZone);
    return { preset: 'today', customFrom: today, customTo: today, timeZone };
  });
  const [queueId, setQueueId] = useState('');
  const [tab, setTab] = useState<Tab>('performance');
  const [refreshKey, setRefreshKey] = useState(0);
  const [groupingChoice, setGroupingChoice] = useState<'hour' | 'day' | null>(null);
  // "Now" moves on with each choice and each Refresh, so Today means today.
  const now = useMemo(() => new Date(), [choice, refreshKey]);
  const period = useMemo(() => resolvePeriod(choice, now), [choice, now]);
  const grouping = groupingChoice ?? period?.chartGrouping ?? 'hour';

  const query: QueueReportQueryInput | null = period
    ? { from: period.from, to: period.to, timeZone: choice.timeZone, queueIds: queueId ? [queueId] : undefined }
    : null;
  const key = query ? JSON.stringify([query, refreshKey]) : null;
  const intervalKey = key ? `${key}|${grouping}` : null;
  const queues = useFetched(`${refreshKey}`, () => api.queues());
  const data = {
    queues: useFetched(key, () => api.queueReport(query!)),
    agents: useFetched(key, () => api.agentReport(query!)),
    queuesByInterval: useFetched(intervalKey, () => api.queueReport({ ...query!, groupBy: grouping })),
    agentsByInterval: useFetched(intervalKey, () => api.agentReport({ ...query!, groupBy: grouping })),
  };
  const busy = Object.values(data).some((f) => f.state === 'loading');

  const queueList = shown(queues) ?? [];
  const agentList = shown(data.agents)?.rows.map((r) => r.agent) ?? [];
  const names = useNames(queueList, agentList);

  const chooseGrouping = (g: 'hour' | 'day') => setGroupingChoice(g);
  const choose = (next: PeriodChoice) => {
    setChoice(next);
    setGroupingChoice(null);
  };
  const heading = period
    ? period.firstDay === period.lastDay
      ? dayLabel(period.firstDay)
      : `${dayLabel(period.firstDay)} – ${dayLabel(period.lastDay)}`
    : 'Choose a period';

  return (
    <div className="reports">
      <header className="rp-header">
        <div>
          <p className="rp-eyebrow">Analytics</p>
          <h1>Reports</h1>
          <p className="rp-sub">
            {heading} · {choice.timeZone.replaceAll('_', ' ')}
            {user.role === 'supervisor' ? ' · agent figures for your teams' : ''}
          </p>
        </div>
      </header>

      <PeriodBar
        choice={choice}
        onChoice={choose}
        queues={queueList}
        queueId={queueId}
        onQueue={setQueueId}
        onRefresh={() => setRefreshKey((k) => k + 1)}
        busy={busy}
        problem={period ? null : 'Choose a first and a last day, the first on or before the last.'}
      />

      <div className="rp-tabs" role="tablist" aria-label="Report views">
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`rp-tab-${id}`}
            aria-controls={`rp-panel-${id}`}
            aria-selected={tab === id}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => setTab(id)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
              const next = tabs[(tabs.findIndex(([t]) => t === id) + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]![0];
              setTab(next);
              document.getElementById(`rp-tab-${next}`)?.focus();
            }}
          >
            {label}
          </button>
        ))}
      </div>

      <div role="tabpanel" id={`rp-panel-${tab}`} aria-labelledby={`rp-tab-${tab}`} className="rp-tabpanel">
        {query && period && tab === 'performance' && (
          <PerformanceView
            api={api}
            data={data}
            query={query}
            grouping={grouping}
            onGrouping={chooseGrouping}
            isSupervisor={user.role === 'supervisor'}
          />
        )}
        {query && period && tab === 'calls' && (
          <CallRecordsView
            api={api}
            from={period.from}
            to={period.to}
            timeZone={choice.timeZone}
            queueId={queueId}
            agents={agentList}
            names={names}
            refreshKey={refreshKey}
          />
        )}
      </div>
    </div>
  );
}

/** Queue and agent ids to names, for the call log's transfers and overflows. */
function useNames(queues: AdminQueue[], agents: Array<{ id: string; displayName: string }>) {
  return useMemo(() => {
    const byId = new Map<string, string>([...queues.map((q) => [q.id, q.displayName] as const), ...agents.map((a) => [a.id, a.displayName] as const)]);
    return (id: string) => byId.get(id) ?? null;
  }, [queues, agents]);
}
