import { runCommand } from '../connection/agent-connection.ts';
import { useAgentStatus, useWrapUpEndsAt } from '../presence/presence-store.ts';
import { useNow } from '../ui/use-now.ts';

/** After a call: time to finish notes, ending by timer or by Ready. */
export function WrapUpPanel() {
  const status = useAgentStatus();
  const endsAt = useWrapUpEndsAt();
  const now = useNow();
  if (status !== 'wrap-up') return null;
  const left = endsAt ? Math.max(0, Math.ceil((Date.parse(endsAt) - now) / 1000)) : null;
  return (
    <section className="card wrap-up" role="region" aria-label="Wrap-up">
      <p className="eyebrow">Wrap-up</p>
      <h2>Finish up your notes</h2>
      {left !== null && <p className="muted">You will be available again in {left} s.</p>}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void runCommand((c) => c.request('agent:ready', {}))}>
          Ready
        </button>
      </div>
    </section>
  );
}
