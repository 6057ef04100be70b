import type { ForceAgentStatus, LiveAgent, Role } from '@cc/shared';
import type { AcdService } from '../acd/acd-service.ts';
import { conflict, forbidden, notFound } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { Queryable } from '../persistence/database.ts';
import { scopeOf, seesAgent } from './live-scope.ts';
import type { TeamDirectory } from './team-directory.ts';
import { toLiveAgent } from './wallboard.ts';

export interface Supervisor {
  userId: string;
  role: Role;
  displayName: string;
}

const statusWords = { available: 'available', away: 'away', offline: 'signed out' } as const;

/**
 * A supervisor's hand on an agent's presence: set them available or away, or sign them
 * out, with a reason the agent sees ("Set away by Sara Okafor: team meeting") and that
 * agent_state_changes keeps. Only admins and the supervisors of the agent's team; not
 * while the agent is ringing or on a call (that call would be cut or lost).
 */
export class AgentControls {
  constructor(
    private readonly deps: {
      acd: AcdService;
      db: Queryable;
      teams: TeamDirectory;
      /** Ends the agent's desktop sessions on every node, telling them why. */
      endSession(userId: string, reason: string): void;
      log: Logger;
    },
  ) {}

  async force(by: Supervisor, input: ForceAgentStatus): Promise<LiveAgent> {
    const { acd } = this.deps;
    if (!seesAgent(await scopeOf(this.deps.db, by), input.userId)) {
      throw forbidden('You may only change the agents of the teams you supervise.');
    }
    const agent = await acd.getAgent(input.userId);
    if (!agent) throw notFound('That agent (signed in since the server started)');
    const name = agent.displayName;
    if (agent.status === 'ringing' || agent.status === 'on-call') {
      throw conflict(`${name} is on a call; try again when it ends.`);
    }
    if (agent.status === input.status) throw conflict(`${name} is already ${statusWords[input.status]}.`);
    if (agent.status === 'offline') throw conflict(`${name} is signed out.`);
    let changed;
    if (input.status === 'offline') {
      const reason = `Signed out by ${by.displayName}: ${input.reason}`;
      await acd.signOut(input.userId, reason);
      this.deps.endSession(input.userId, reason);
      changed = await acd.getAgent(input.userId);
    } else {
      const reason = `Set ${input.status} by ${by.displayName}: ${input.reason}`;
      changed = await acd.setStatus(input.userId, input.status, reason);
    }
    this.deps.log.info({ agentId: input.userId, by: by.userId, status: input.status }, 'agent status forced');
    return toLiveAgent(changed ?? agent, await this.deps.teams.teamOf(input.userId));
  }
}
