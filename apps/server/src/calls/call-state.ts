import type { CallState } from '@cc/shared';
import type { TransitionTable } from '../domain/transition-table.ts';

/**
 * A call's lifecycle.
 *
 *            offer              answer
 *   queued ─────────▶ ringing ─────────▶ connected
 *     ▲  │  ◀────────    │                  │
 *     │  │  timeout /    │                  │
 *     │  │  decline      │                  │
 *     │  ▼               ▼                  ▼
 *     └─ ended ◀─────────┴──────────────────┘
 *
 * A blind transfer takes a connected call back to `queued` (its agent leaves).
 *
 * An agent's outbound call starts at `dialing` and goes to `ringing` (the far end
 * rings) or straight to `connected`.
 *
 * Every transition is written to the call's event log (call_events).
 */
export const callTransitions: TransitionTable<CallState> = {
  queued: ['ringing', 'ended'],
  dialing: ['ringing', 'connected', 'ended'],
  ringing: ['queued', 'connected', 'ended'],
  // A blind transfer puts the customer back in a queue.
  connected: ['queued', 'ended'],
  ended: [],
};
