import type { PublicUser } from '@cc/shared';
import { useConsoleConnection } from '../connection/use-console-connection.ts';
import { useServerNow } from '../live/clock.ts';
import { ConnectionPill } from '../live/ConnectionPill.tsx';
import { useHourly, useLiveReady, useLiveTimeZone, useQueues } from '../live/live-store.ts';
import '../live/live.css';
import { AgentTable } from './AgentTable.tsx';
import { HourlyChart } from './HourlyChart.tsx';
import { QueuePanel } from './QueuePanel.tsx';

/** The console's "Wallboard" section: queues, today's chart and agents, all pushed live. */
export function WallboardPage({ user }: { user: PublicUser }) {
  useConsoleConnection();
  const ready = useLiveReady();
  const queues = useQueues();
  const hourly = useHourly();
  const timeZone = useLiveTimeZone();
  const now = useServerNow();
  return (
    <div className="live-page">
      <div className="page-head">
        <h1>Wallboard</h1>
        <ConnectionPill />
        <span className="muted scope">{user.role === 'admin' ? 'All teams' : 'Your teams'}</span>
      </div>
      {!ready ? (
        <p className="muted">Loading the live view…</p>
      ) : (
        <>
          <div className="queues">
            {queues.map((q) => (
              <QueuePanel key={q.queueId} queue={q} now={now} />
            ))}
          </div>
          <div className="lower">
            <AgentTable now={now} />
            <HourlyChart hourly={hourly} timeZone={timeZone} />
          </div>
        </>
      )}
    </div>
  );
}
