import type { AdminQueue } from '@cc/shared';
import { useMemo } from 'react';
import { type PeriodChoice, periodPresets, presetLabels } from './report-period.ts';

interface Props {
  choice: PeriodChoice;
  onChoice: (choice: PeriodChoice) => void;
  queues: AdminQueue[];
  queueId: string;
  onQueue: (queueId: string) => void;
  onRefresh: () => void;
  busy: boolean;
  /** Why the custom period cannot be used, if it cannot. */
  problem: string | null;
}

/** Period, time zone and queue: what every figure and the call search below are for. */
export function PeriodBar({ choice, onChoice, queues, queueId, onQueue, onRefresh, busy, problem }: Props) {
  const zones = useMemo(() => timeZoneOptions(choice.timeZone), [choice.timeZone]);
  return (
    <section className="rp-period" aria-label="Report period">
      <div className="rp-presets" role="group" aria-label="Period">
        {periodPresets.map((preset) => (
          <button
            key={preset}
            type="button"
            aria-pressed={choice.preset === preset}
            onClick={() => onChoice({ ...choice, preset })}
          >
            {presetLabels[preset]}
          </button>
        ))}
      </div>
      {choice.preset === 'custom' && (
        <div className="rp-custom">
          <label>
            <span>From</span>
            <input type="date" value={choice.customFrom} max={choice.customTo || undefined} onChange={(e) => onChoice({ ...choice, customFrom: e.target.value })} />
          </label>
          <label>
            <span>To</span>
            <input type="date" value={choice.customTo} min={choice.customFrom || undefined} onChange={(e) => onChoice({ ...choice, customTo: e.target.value })} />
          </label>
        </div>
      )}
      <label className="rp-select">
        <span>Queue</span>
        <select value={queueId} onChange={(e) => onQueue(e.target.value)}>
          <option value="">All queues</option>
          {queues.map((q) => (
            <option key={q.id} value={q.id}>
              {q.displayName}
            </option>
          ))}
        </select>
      </label>
      <label className="rp-select">
        <span>Time zone</span>
        <select value={choice.timeZone} onChange={(e) => onChoice({ ...choice, timeZone: e.target.value })}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="rp-refresh" onClick={onRefresh} disabled={busy} aria-label="Refresh figures">
        <span aria-hidden="true">↻</span> {busy ? 'Loading…' : 'Refresh'}
      </button>
      {problem && (
        <p className="rp-problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

/** UTC, the chosen zone and every zone the browser knows, each once. */
function timeZoneOptions(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', current, ...known])];
}
