import { z } from 'zod';

/**
 * Agent presence. Transitions are owned by the server's agent state machine
 * (apps/server/src/acd/agent-state.ts); the client only asks for the ones an agent
 * may choose (available, away) and ends wrap-up early.
 */
export const agentStatuses = ['offline', 'available', 'ringing', 'on-call', 'wrap-up', 'away'] as const;
export const AgentStatus = z.enum(agentStatuses);
export type AgentStatus = z.infer<typeof AgentStatus>;

/** The statuses an agent may pick by hand. */
export const SelectableAgentStatus = z.enum(['available', 'away']);
export type SelectableAgentStatus = z.infer<typeof SelectableAgentStatus>;

export const AgentSnapshot = z.object({
  userId: z.string(),
  status: AgentStatus,
  /** ISO time the agent entered this status. */
  since: z.string(),
  /** Set in wrap-up: when the server makes the agent available again by itself. */
  wrapUpEndsAt: z.string().nullable(),
  /** Why the server changed the status, in words, when it was not the agent's choice. */
  reason: z.string().nullable(),
  /** The call the agent is ringing for, talking on, or wrapping up. */
  callId: z.string().nullable(),
});
export type AgentSnapshot = z.infer<typeof AgentSnapshot>;
