import type { CallRecordDetail, CallRecordItem, Recording } from '@cc/shared';
import { useEffect, useRef } from 'react';
import { describeEvent, endReasonWords, outcomeOf } from './call-words.ts';
import { dateTime, duration } from './figure-format.ts';
import type { ReportApi } from './report-api.ts';
import { RecordingPlayer } from './RecordingPlayer.tsx';
import { useFetched } from './use-fetched.ts';

interface Props {
  api: ReportApi;
  call: CallRecordItem;
  timeZone: string;
  names: (id: string) => string | null;
  onClose: () => void;
}

/** Seconds after the offer, as +m:ss, so the log reads as a timeline of the call. */
const sinceOffer = (at: string, offeredAt: string) => `+${duration(Math.max(0, (Date.parse(at) - Date.parse(offeredAt)) / 1000))}`;

/** One call in a modal dialog: the record, its recordings and every step of its log. */
export function CallDetailDialog({ api, call, timeZone, names, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const detail = useFetched<CallRecordDetail>(call.id, () => api.callDetail(call.id));
  // Recordings are another team's endpoint; without it (or without access) there is just no player.
  const recordings = useFetched<Recording[]>(call.id, () => api.recordingsOf(call.id).catch(() => []));

  // Modal: focus moves in, Escape closes (the close event tells the parent), the page behind is inert.
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const titleId = `rp-call-${call.id}`;
  const outcome = outcomeOf(call);
  return (
    <dialog ref={dialog} className="rp-dialog" aria-labelledby={titleId} onClose={onClose}>
      <header className="rp-dialog-head">
        <div>
          <p className="rp-eyebrow">Call record</p>
          <h2 id={titleId}>Call from {call.callerLabel}</h2>
          <p className="rp-sub">
            {dateTime(call.offeredAt, timeZone)} · {call.queue.displayName} ·{' '}
            <span className={`rp-badge rp-badge-${outcome.toLowerCase().replace(' ', '-')}`}>{outcome}</span>
          </p>
        </div>
        <button type="button" className="rp-button-secondary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </header>

      <dl className="rp-facts">
        <div>
          <dt>Agent</dt>
          <dd>{call.agent?.displayName ?? 'Nobody answered'}</dd>
        </div>
        <div>
          <dt>Channel</dt>
          <dd>
            {call.channel === 'pstn' ? 'Phone' : 'Web'}
            {detail.state === 'ready' && detail.data.direction === 'outbound' ? ', outbound' : ''}
          </dd>
        </div>
        <div>
          <dt>Waited</dt>
          <dd>{duration(call.waitSeconds)}</dd>
        </div>
        <div>
          <dt>Talked</dt>
          <dd>{duration(call.talkSeconds)}</dd>
        </div>
        <div>
          <dt>Ended because</dt>
          <dd>{call.endReason ? endReasonWords[call.endReason] : 'Still going'}</dd>
        </div>
      </dl>

      <section aria-labelledby={`${titleId}-recording`} className="rp-dialog-section">
        <h3 id={`${titleId}-recording`}>Recording</h3>
        {recordings.state === 'ready' ? (
          recordings.data.length === 0 ? (
            <p className="rp-empty">No recording of this call.</p>
          ) : (
            recordings.data.map((r, i) => (
              <RecordingPlayer key={r.id} api={api} recording={r} label={recordings.data.length > 1 ? `Recording ${i + 1}` : 'Recording'} />
            ))
          )
        ) : (
          <p className="rp-sub">Looking for recordings…</p>
        )}
      </section>

      <section aria-labelledby={`${titleId}-log`} className="rp-dialog-section">
        <h3 id={`${titleId}-log`}>Call log</h3>
        {detail.state === 'failed' && (
          <p role="alert" className="rp-problem">
            {detail.message}
          </p>
        )}
        {detail.state === 'ready' && (
          <ol className="rp-timeline" aria-label="Call log">
            {detail.data.events.map((event, i) => (
              <li key={`${event.at}-${i}`} className={`rp-step rp-step-${event.type}`}>
                <time dateTime={event.at} title={dateTime(event.at, timeZone)}>
                  {sinceOffer(event.at, call.offeredAt)}
                </time>
                <span>{describeEvent(event, names)}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </dialog>
  );
}
