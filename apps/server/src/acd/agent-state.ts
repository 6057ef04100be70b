import type { AgentStatus } from '@cc/shared';
import type { TransitionTable } from '../domain/transition-table.ts';

/**
 * An agent's presence.
 *
 *   offline ◀──▶ available ──offer──▶ ringing ──answer──▶ on-call ──end──▶ wrap-up
 *      ▲  ▲         ▲  ▲                 │                                  │
 *      │  │         │  └─ timeout/decline┘                                  │
 *      │  └──▶ away ◀┘  ◀────────── timer or Ready ──────────────────────────┘
 *      └──────────── sign-out or lost connection (from any state) ───────────
 *
 * Only the ACD moves an agent into ringing, on-call and wrap-up. An agent who dials
 * out goes on-call straight from available, away or wrap-up.
 */
export const agentTransitions: TransitionTable<AgentStatus> = {
  offline: ['available', 'away'],
  available: ['ringing', 'on-call', 'away', 'offline'],
  away: ['available', 'on-call', 'offline'],
  ringing: ['available', 'away', 'on-call', 'offline'],
  'on-call': ['wrap-up', 'offline'],
  'wrap-up': ['available', 'away', 'on-call', 'offline'],
};
