import type { LiveAgent } from '@cc/shared';
import { useState } from 'react';
import { statusOrder, statusText } from '../live/agent-status.ts';
import { formatDuration, since } from '../live/clock.ts';
import { byName, useAgentsById, useCallsById } from '../live/live-store.ts';
import { ForceStateDialog } from './ForceStateDialog.tsx';

/** Every agent the watcher may see: state and time in it (ticking here), reason, call. */
export function AgentTable({ now }: { now: number }) {
  const agents = Object.values(useAgentsById()).sort(
    (a, b) => statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status) || byName(a, b),
  );
  const calls = useCallsById();
  const [forcing, setForcing] = useState<LiveAgent | null>(null);
  const signedIn = agents.filter((a) => a.status !== 'offline').length;

  return (
    <section className="panel" aria-labelledby="agents-title">
      <h2 id="agents-title">
        Agents <span className="count">{signedIn} signed in</span>
      </h2>
      {agents.length === 0 ? (
        <p className="muted">No agent has signed in yet.</p>
      ) : (
        <table className="grid agents">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">State</th>
              <th scope="col">In state</th>
              <th scope="col">Reason</th>
              <th scope="col">Current call</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => {
              const call = agent.callId ? calls[agent.callId]?.call : undefined;
              return (
                <tr key={agent.userId} className={agent.status === 'offline' ? 'dim' : undefined}>
                  <th scope="row">{agent.displayName}</th>
                  <td>
                    <span className={`state state-${agent.status}`}>{statusText[agent.status]}</span>
                  </td>
                  <td className="num">{formatDuration(since(agent.since, now))}</td>
                  <td className="reason">{agent.reason ?? ''}</td>
                  <td>{call ? `${call.caller} · ${call.queueName}` : agent.callId ? 'On a call' : ''}</td>
                  <td className="actions">
                    <button type="button" className="small" aria-label={`Force state for ${agent.displayName}`} onClick={() => setForcing(agent)}>
                      Force state
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {forcing && <ForceStateDialog agent={forcing} onClose={() => setForcing(null)} />}
    </section>
  );
}
