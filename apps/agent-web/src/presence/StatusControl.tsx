import type { AgentStatus } from '@cc/shared';
import { runCommand } from '../connection/agent-connection.ts';
import { formatDuration, useNow } from '../ui/use-now.ts';
import { useAgentKnown, useAgentReason, useAgentSince, useAgentStatus } from './presence-store.ts';

const statusText: Record<AgentStatus, string> = {
  offline: 'Offline',
  available: 'Available',
  ringing: 'Ringing',
  'on-call': 'On a call',
  'wrap-up': 'Wrap-up',
  away: 'Away',
};

/** The agent's own choice (Available / Away) and their current status with its time. */
export function StatusControl() {
  const status = useAgentStatus();
  const since = useAgentSince();
  const reason = useAgentReason();
  const now = useNow();
  const known = useAgentKnown();
  // Until the server has confirmed the session there is no state to change.
  const locked = !known || status === 'ringing' || status === 'on-call';
  const choose = (next: 'available' | 'away') =>
    runCommand((c) => c.request('agent:set-status', { status: next }));

  return (
    <section className="status" aria-label="Your status">
      <span className={`pill pill-${status}`}>
        {statusText[status]}
        {since && <span className="pill-time"> · {formatDuration(now - Date.parse(since))}</span>}
      </span>
      <div className="segmented" role="group" aria-label="Set status">
        {(['available', 'away'] as const).map((s) => (
          <button key={s} type="button" aria-pressed={status === s} disabled={locked} onClick={() => void choose(s)}>
            {statusText[s]}
          </button>
        ))}
      </div>
      {reason && <span className="muted status-reason">{reason}</span>}
    </section>
  );
}
