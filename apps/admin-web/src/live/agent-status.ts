import type { AgentStatus } from '@cc/shared';

/** Status words as the wallboard shows them; each has its colour in live.css (.state-…). */
export const statusText: Record<AgentStatus, string> = {
  available: 'Available',
  ringing: 'Ringing',
  'on-call': 'On a call',
  'wrap-up': 'Wrap-up',
  away: 'Away',
  offline: 'Signed out',
};

/** The order states are listed in: working first. */
export const statusOrder: AgentStatus[] = ['available', 'ringing', 'on-call', 'wrap-up', 'away', 'offline'];
