import type { CallInProgress, PublicUser } from '@cc/shared';
import { useConsoleConnection } from '../connection/use-console-connection.ts';
import { formatDuration, since, useServerNow } from '../live/clock.ts';
import { ConnectionPill } from '../live/ConnectionPill.tsx';
import { useCallsById, useLiveReady } from '../live/live-store.ts';
import '../live/live.css';
import { QualityCell } from './QualityCell.tsx';
import { SupervisorActions } from './SupervisorActions.tsx';

const stateText: Record<CallInProgress['state'], string> = {
  queued: 'Waiting',
  dialing: 'Dialling',
  ringing: 'Ringing',
  connected: 'Talking',
  ended: 'Ended',
};

const stateOf = (c: CallInProgress) => (c.onHold ? 'On hold' : stateText[c.state]);

/** The console's "Live calls" section: every call the watcher may see, with its audio quality. */
export function LiveCallsPage({ user }: { user: PublicUser }) {
  useConsoleConnection();
  const ready = useLiveReady();
  const now = useServerNow();
  const calls = Object.values(useCallsById())
    .map((c) => c.call)
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const poor = calls.filter((c) => c.quality?.poor).length;
  return (
    <div className="live-page">
      <div className="page-head">
        <h1>Live calls</h1>
        <ConnectionPill />
        <span className="muted scope">
          {calls.length} in progress{poor > 0 ? ` · ${poor} with poor audio` : ''} · {user.role === 'admin' ? 'all teams' : 'your teams and waiting calls'}
        </span>
      </div>
      {!ready ? (
        <p className="muted">Loading the live view…</p>
      ) : calls.length === 0 ? (
        <p className="empty">No calls right now.</p>
      ) : (
        <table className="grid calls" aria-label="Calls in progress">
          <thead>
            <tr>
              <th scope="col">Caller</th>
              <th scope="col">Queue</th>
              <th scope="col">Agent</th>
              <th scope="col">State</th>
              <th scope="col">Duration</th>
              <th scope="col">Audio quality</th>
              <th scope="col">Supervisor actions</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((call) => (
              <tr key={call.callId} className={call.quality?.poor ? 'row-poor' : undefined}>
                <th scope="row">
                  {call.caller}
                  <span className="channel">{call.channel === 'phone' ? (call.direction === 'outbound' ? 'Outbound phone' : 'Phone') : 'Web'}</span>
                </th>
                <td>{call.queueName}</td>
                <td>{call.agentName ?? <span className="muted">—</span>}</td>
                <td>
                  <span className={`call-state call-${call.onHold ? 'held' : call.state}`}>{stateOf(call)}</span>
                </td>
                <td className="num" title={call.answeredAt ? 'Since answered' : 'Since queued'}>
                  {formatDuration(since(call.answeredAt ?? call.startedAt, now))}
                  {call.answeredAt && <span className="sub"> waited {formatDuration(Date.parse(call.answeredAt) - Date.parse(call.startedAt))}</span>}
                </td>
                <td>
                  <QualityCell quality={call.quality} />
                </td>
                <td className="actions">
                  <SupervisorActions call={call} user={user} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
