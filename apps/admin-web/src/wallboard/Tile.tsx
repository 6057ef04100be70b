import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'good' | 'warn' | 'bad';

/**
 * One big number, readable across a room. Its accessible name carries the value
 * ("Waiting: 3"), so a screen reader (and a test) reads the figure with its label.
 */
export function Tile({ label, value, tone = 'neutral', detail }: { label: string; value: string; tone?: Tone; detail?: ReactNode }) {
  return (
    <div className={`tile tone-${tone}`} role="group" aria-label={`${label}: ${value}`}>
      <span className="tile-label" aria-hidden="true">
        {label}
      </span>
      <span className="tile-value" aria-hidden="true">
        {value}
      </span>
      {detail && <span className="tile-detail">{detail}</span>}
    </div>
  );
}
