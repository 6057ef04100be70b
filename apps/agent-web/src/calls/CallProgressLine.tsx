import { formatDuration, useNow } from '../ui/use-now.ts';
import type { ActiveCall } from './call-store.ts';

/** Where the call has got, in words, until the talk starts; then its running time. */
export function CallProgressLine({ call }: { call: ActiveCall }) {
  const now = useNow();
  return (
    <>
      {/* Always rendered, so that screen readers hear "Ringing…" replace "Dialing…". */}
      <p className="call-progress" aria-live="polite">
        {progressText(call)}
      </p>
      {call.connectedAt !== null && (
        <p className="timer" aria-label="Call duration">
          {formatDuration(now - call.connectedAt)}
        </p>
      )}
    </>
  );
}

function progressText(call: ActiveCall): string {
  if (call.progress === 'dialing') return `Dialing ${call.callerLabel}…`;
  if (call.progress === 'ringing') return 'Ringing…';
  return call.connectedAt === null ? 'Connecting audio…' : '';
}
