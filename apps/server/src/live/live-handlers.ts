import { AppError } from '../errors.ts';
import type { CommandHandlers } from '../signaling/define-command.ts';
import type { LiveView } from './live-view.ts';

const supervisorOf = (p: { kind: string }) => {
  if (p.kind !== 'user') throw new AppError('forbidden', 'Sign in as a supervisor or admin.');
  return p as { kind: 'user'; userId: string; role: 'agent' | 'supervisor' | 'admin'; displayName: string };
};

/**
 * Supervisor and admin commands of the live view. The contract restricts them to those
 * roles (an agent's socket is refused before these run); scope is checked here.
 */
export function createLiveHandlers(live: LiveView): CommandHandlers {
  return {
    'live:watch': async (_payload, { principal, joinRoom }) => live.watch(supervisorOf(principal), joinRoom),
    'agent:force-status': async (payload, { principal }) => live.controls.force(supervisorOf(principal), payload),
  };
}
