import type { LiveQueue } from '@cc/shared';
import { formatDuration, formatSeconds, since } from '../live/clock.ts';
import { statusOrder, statusText } from '../live/agent-status.ts';
import { Tile, type Tone } from './Tile.tsx';

function serviceLevelTone(level: number | null): Tone {
  if (level === null) return 'neutral';
  return level >= 0.8 ? 'good' : level >= 0.6 ? 'warn' : 'bad';
}

/** One queue on the wall: calls now, today's figures, and its agents by state. */
export function QueuePanel({ queue, now }: { queue: LiveQueue; now: number }) {
  const longestMs = queue.oldestQueuedAt ? since(queue.oldestQueuedAt, now) : 0;
  const overThreshold = longestMs / 1000 > queue.serviceLevelSeconds;
  const { today } = queue;
  const level = today.serviceLevel;
  return (
    <section className="queue-panel" aria-label={`${queue.displayName} queue`}>
      <header className="queue-head">
        <h2>{queue.displayName}</h2>
        <ul className="staffing" aria-label={`${queue.displayName} agents by state`}>
          {statusOrder
            .filter((s) => s !== 'offline')
            .map((s) => (
              <li key={s} className={`chip state-${s}`}>
                <strong>{queue.agents[s]}</strong> {statusText[s]}
              </li>
            ))}
        </ul>
      </header>
      <div className="tiles">
        <Tile
          label="Waiting"
          value={String(queue.waiting)}
          tone={queue.waiting === 0 ? 'good' : overThreshold ? 'bad' : 'warn'}
          detail={queue.ringing > 0 ? `+${queue.ringing} ringing` : undefined}
        />
        <Tile label="Longest wait" value={queue.oldestQueuedAt ? formatDuration(longestMs) : '—'} tone={overThreshold ? 'bad' : 'neutral'} />
        <Tile
          label="Service level"
          value={level === null ? '—' : `${Math.round(level * 100)}%`}
          tone={serviceLevelTone(level)}
          detail={`answered within ${queue.serviceLevelSeconds} s`}
        />
        <Tile label="Answered today" value={String(today.answered)} detail={`of ${today.offered} offered`} />
        <Tile label="Abandoned today" value={String(today.abandoned)} tone={today.abandoned > 0 ? 'warn' : 'neutral'} />
        <Tile label="Avg. speed of answer" value={formatSeconds(today.averageSpeedOfAnswerSeconds)} />
        <Tile label="Avg. handle time" value={formatSeconds(today.averageHandleSeconds)} />
      </div>
    </section>
  );
}
