import { formatDuration, useNow } from '../ui/use-now.ts';
import { callController } from './call-controller.ts';
import { useActiveCall } from './call-store.ts';

/** The call in progress: caller, queue, timer, Mute/Unmute and Hang up. */
export function ActiveCallPanel() {
  const call = useActiveCall();
  const now = useNow();
  if (!call) return null;
  return (
    <section className="card active-call" role="region" aria-label="Current call">
      <p className="eyebrow">On a call · {call.queueName}</p>
      <h2>{call.callerLabel}</h2>
      <p className="timer" aria-label="Call duration">
        {call.connectedAt === null ? 'Connecting audio…' : formatDuration(now - call.connectedAt)}
      </p>
      <div className="actions">
        <button type="button" aria-pressed={call.muted} onClick={() => void callController.setMuted(!call.muted)}>
          {call.muted ? 'Unmute' : 'Mute'}
        </button>
        <button type="button" className="danger" onClick={() => void callController.hangUp(call.callId)}>
          Hang up
        </button>
      </div>
    </section>
  );
}
