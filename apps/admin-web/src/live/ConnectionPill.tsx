import { useConnection, useLiveProblem, useLiveReady } from './live-store.ts';
import './live.css';

/** Whether what is on screen is live: a wall screen must never show stale numbers as current. */
export function ConnectionPill() {
  const connection = useConnection();
  const ready = useLiveReady();
  const problem = useLiveProblem();
  const live = connection === 'connected' && ready;
  const text = problem ? 'Not live' : live ? 'Live' : connection === 'reconnecting' ? 'Reconnecting…' : 'Connecting…';
  return (
    <span className={`live-pill ${live && !problem ? 'is-live' : 'is-down'}`} role="status" aria-live="polite">
      <span className="live-dot" aria-hidden="true" />
      {text}
      {problem && <span className="live-problem"> — {problem}</span>}
    </span>
  );
}
