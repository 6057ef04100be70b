import type { CallOutcome, CallRecordItem } from '@cc/shared';
import { useEffect, useState } from 'react';
import { CallDetailDialog } from './CallDetailDialog.tsx';
import { endReasonWords, outcomeOf } from './call-words.ts';
import { count, dateTime, duration } from './figure-format.ts';
import type { ReportApi } from './report-api.ts';

interface Props {
  api: ReportApi;
  from: string;
  to: string;
  timeZone: string;
  queueId: string;
  agents: Array<{ id: string; displayName: string }>;
  /** Ids of queues and agents to names, for the call log. */
  names: (id: string) => string | null;
  refreshKey: number;
}

const outcomes: Array<[CallOutcome | '', string]> = [
  ['', 'Any outcome'],
  ['answered', 'Answered'],
  ['abandoned', 'Abandoned'],
  ['unanswered', 'Unanswered'],
  ['active', 'In progress'],
];

const PAGE = 25;

/** Call-record search for the period, with filters; a row opens the call's log and recording. */
export function CallRecordsView({ api, from, to, timeZone, queueId, agents, names, refreshKey }: Props) {
  const [agentId, setAgentId] = useState('');
  const [outcome, setOutcome] = useState<CallOutcome | ''>('');
  const [channel, setChannel] = useState<'' | 'web' | 'pstn'>('');
  const [items, setItems] = useState<CallRecordItem[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [open, setOpen] = useState<CallRecordItem | null>(null);

  const filters = {
    from,
    to,
    queueId: queueId || undefined,
    agentId: agentId || undefined,
    outcome: outcome || undefined,
    channel: channel || undefined,
    limit: PAGE,
  };
  const key = JSON.stringify([filters, refreshKey]);

  useEffect(() => {
    let current = true;
    setBusy(true);
    setProblem(null);
    api.searchCalls(filters).then(
      (page) => {
        if (!current) return;
        setItems(page.items);
        setTotal(page.total);
        setCursor(page.nextCursor);
        setBusy(false);
      },
      (error: unknown) => {
        if (!current) return;
        setProblem(error instanceof Error ? error.message : 'The search failed.');
        setBusy(false);
      },
    );
    return () => {
      current = false;
    };
    // `key` stands for the filters and the refresh: the search runs again when one changes.
  }, [api, key]);

  async function showMore() {
    if (!cursor) return;
    setBusy(true);
    try {
      const page = await api.searchCalls({ ...filters, cursor });
      setItems((list) => [...list, ...page.items]);
      setCursor(page.nextCursor);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'The search failed.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="rp-panel" aria-labelledby="rp-calls-title">
      <header className="rp-panel-head">
        <div>
          <h2 id="rp-calls-title">Call records</h2>
          <p className="rp-sub" aria-live="polite">
            {total === null ? 'Searching…' : `${count(total)} call${total === 1 ? '' : 's'} offered in this period`}
          </p>
        </div>
        <div className="rp-filters" role="group" aria-label="Call filters">
          <label className="rp-select">
            <span>Agent</span>
            <select value={agentId} onChange={(e) => setAgentId(e.target.value)}>
              <option value="">Any agent</option>
              {agents.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.displayName}
                </option>
              ))}
            </select>
          </label>
          <label className="rp-select">
            <span>Outcome</span>
            <select value={outcome} onChange={(e) => setOutcome(e.target.value as CallOutcome | '')}>
              {outcomes.map(([value, label]) => (
                <option key={label} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="rp-select">
            <span>Channel</span>
            <select value={channel} onChange={(e) => setChannel(e.target.value as '' | 'web' | 'pstn')}>
              <option value="">Web and phone</option>
              <option value="web">Web</option>
              <option value="pstn">Phone</option>
            </select>
          </label>
        </div>
      </header>
      {problem && (
        <p role="alert" className="rp-problem">
          {problem}
        </p>
      )}
      {items.length === 0 && !busy ? (
        <p className="rp-empty">No calls match these filters.</p>
      ) : (
        <div className="rp-table-wrap">
          <table className="rp-table rp-calls">
            <caption className="rp-visually-hidden">Calls</caption>
            <thead>
              <tr>
                <th scope="col">Offered</th>
                <th scope="col">Caller</th>
                <th scope="col">Queue</th>
                <th scope="col">Agent</th>
                <th scope="col">Outcome</th>
                <th scope="col" className="rp-num">
                  Wait
                </th>
                <th scope="col" className="rp-num">
                  Talk
                </th>
                <th scope="col">Ended because</th>
                <th scope="col">
                  <span className="rp-visually-hidden">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((call) => {
                const result = outcomeOf(call);
                return (
                  <tr key={call.id}>
                    <td className="rp-nowrap">{dateTime(call.offeredAt, timeZone)}</td>
                    <th scope="row">
                      <span className="rp-name">{call.callerLabel}</span>
                      <span className="rp-sub">{call.channel === 'pstn' ? 'Phone' : 'Web'}</span>
                    </th>
                    <td>{call.queue.displayName}</td>
                    <td>{call.agent?.displayName ?? '–'}</td>
                    <td>
                      <span className={`rp-badge rp-badge-${result.toLowerCase().replace(' ', '-')}`}>{result}</span>
                    </td>
                    <td className="rp-num">{duration(call.waitSeconds)}</td>
                    <td className="rp-num">{duration(call.talkSeconds)}</td>
                    <td>{call.endReason ? endReasonWords[call.endReason] : '–'}</td>
                    <td className="rp-actions">
                      <button
                        type="button"
                        className="rp-button-secondary"
                        onClick={() => setOpen(call)}
                        aria-label={`Details of the call from ${call.callerLabel} at ${dateTime(call.offeredAt, timeZone)}`}
                      >
                        Details
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <div className="rp-more">
          <button type="button" className="rp-button-secondary" onClick={showMore} disabled={busy}>
            {busy ? 'Loading…' : `Show ${PAGE} more`}
          </button>
        </div>
      )}
      {open && <CallDetailDialog api={api} call={open} timeZone={timeZone} names={names} onClose={() => setOpen(null)} />}
    </section>
  );
}
