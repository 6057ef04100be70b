import type { Queue, SkillRequirement } from '@cc/shared';
import type { AgentPresence, WaitingCall } from './acd-model.ts';

/** What routing reads of a queue. */
export type RoutingQueue = Pick<
  Queue,
  'id' | 'strategy' | 'requiredSkills' | 'priority' | 'priorityAgingPerMinute'
>;

export interface RoutingContext {
  queues: ReadonlyMap<string, RoutingQueue>;
  now: Date;
  /** The contact center's date at `now` (YYYY-MM-DD in its time zone): fewest-calls counts reset with it. */
  today: string;
  /** [0, 1); injected so that random routing is testable. */
  random: () => number;
}

export interface PlannedOffer {
  callId: string;
  agentId: string;
}

/**
 * A waiting call's priority: its queue's, plus its own, plus what it has gained by
 * waiting (aging), so that a low-priority queue's callers are never starved.
 */
export function effectivePriority(call: WaitingCall, queue: RoutingQueue | undefined, now: Date): number {
  const waitedMinutes = Math.max(0, now.getTime() - call.queuedAt.getTime()) / 60_000;
  return (queue?.priority ?? 0) + call.priority + (queue?.priorityAgingPerMinute ?? 0) * waitedMinutes;
}

/** Highest effective priority first; equal priorities in arrival order. */
export function orderCalls(calls: readonly WaitingCall[], ctx: RoutingContext): WaitingCall[] {
  const keyed = calls.map((call) => ({ call, p: effectivePriority(call, ctx.queues.get(call.queueId), ctx.now) }));
  keyed.sort((a, b) => b.p - a.p || a.call.sequence - b.call.sequence);
  return keyed.map((k) => k.call);
}

export function meetsRequirements(agent: AgentPresence, required: readonly SkillRequirement[]): boolean {
  return required.every((r) => (levelOf(agent, r.skillId) ?? 0) >= r.minLevel);
}

/** The agent's levels summed over the required skills: higher is better skilled. */
export function skillScore(agent: AgentPresence, required: readonly SkillRequirement[]): number {
  return required.reduce((sum, r) => sum + (levelOf(agent, r.skillId) ?? 0), 0);
}

const levelOf = (agent: AgentPresence, skillId: string) => agent.skills.find((s) => s.skillId === skillId)?.level;
const tierIn = (agent: AgentPresence, queueId: string) => agent.memberships.find((m) => m.queueId === queueId)?.tier;
const byIdle = (a: AgentPresence, b: AgentPresence) =>
  a.idleSince.getTime() - b.idleSince.getTime() || a.userId.localeCompare(b.userId);

/** Today's answered calls; a count from an earlier day is zero. */
export function answeredToday(agent: AgentPresence, today: string): number {
  return agent.answeredOn === today ? agent.answeredToday : 0;
}

/**
 * Picks the agent for one call among the free agents:
 * 1. members of the call's queue who meet its required skills;
 * 2. of those, agents who have not yet let this call ring out (others only if no one else);
 * 3. of those, the lowest tier present;
 * 4. then the queue's strategy.
 */
export function chooseAgent(
  call: WaitingCall,
  free: readonly AgentPresence[],
  ctx: RoutingContext,
): AgentPresence | undefined {
  const queue = ctx.queues.get(call.queueId);
  if (!queue) return undefined;
  const eligible = free.filter((a) => tierIn(a, queue.id) !== undefined && meetsRequirements(a, queue.requiredSkills));
  if (eligible.length === 0) return undefined;
  const untried = eligible.filter((a) => !call.triedAgentIds.includes(a.userId));
  const pool = untried.length > 0 ? untried : eligible;
  const topTier = Math.min(...pool.map((a) => tierIn(a, queue.id)!));
  const tier = pool.filter((a) => tierIn(a, queue.id) === topTier);
  return pickByStrategy(tier, queue, ctx);
}

function pickByStrategy(pool: AgentPresence[], queue: RoutingQueue, ctx: RoutingContext): AgentPresence | undefined {
  switch (queue.strategy) {
    case 'longest-idle':
      return [...pool].sort(byIdle)[0];
    case 'round-robin':
      // The agent offered a call from this queue least recently (never first).
      return [...pool].sort(
        (a, b) => (a.lastOfferedAt[queue.id] ?? 0) - (b.lastOfferedAt[queue.id] ?? 0) || byIdle(a, b),
      )[0];
    case 'fewest-calls':
      return [...pool].sort((a, b) => answeredToday(a, ctx.today) - answeredToday(b, ctx.today) || byIdle(a, b))[0];
    case 'random':
      return pool[Math.min(pool.length - 1, Math.floor(ctx.random() * pool.length))];
    case 'skills-based':
      return [...pool].sort(
        (a, b) => skillScore(b, queue.requiredSkills) - skillScore(a, queue.requiredSkills) || byIdle(a, b),
      )[0];
  }
}

/**
 * Offers for every call that can be offered now: calls in priority order, each not
 * already ringing gets its queue's choice among the agents still free. Pure: the ACD
 * service applies the plan.
 */
export function planOffers(
  calls: readonly WaitingCall[],
  agents: readonly AgentPresence[],
  ctx: RoutingContext,
): PlannedOffer[] {
  // Free agents indexed by queue: each call looks only at its own queue's members.
  const freeIn = new Map<string, AgentPresence[]>();
  for (const agent of agents) {
    if (agent.status !== 'available') continue;
    for (const { queueId } of agent.memberships) freeIn.set(queueId, [...(freeIn.get(queueId) ?? []), agent]);
  }
  const taken = new Set<string>();
  const offers: PlannedOffer[] = [];
  for (const call of orderCalls(calls, ctx)) {
    if (call.offeredTo) continue;
    if (call.targetAgentId) {
      const target = agents.find((a) => a.userId === call.targetAgentId && a.status === 'available');
      if (target && !taken.has(target.userId)) {
        taken.add(target.userId);
        offers.push({ callId: call.callId, agentId: target.userId });
      }
      continue;
    }
    const members = (freeIn.get(call.queueId) ?? []).filter((a) => !taken.has(a.userId));
    const chosen = chooseAgent(call, members, ctx);
    if (!chosen) continue;
    taken.add(chosen.userId);
    offers.push({ callId: call.callId, agentId: chosen.userId });
  }
  return offers;
}

/** 1-based positions of the calls of one queue, in the order they will be served. */
export function queuePositions(calls: readonly WaitingCall[], queueId: string, ctx: RoutingContext): Map<string, number> {
  const positions = new Map<string, number>();
  for (const call of orderCalls(calls.filter((c) => c.queueId === queueId), ctx)) {
    positions.set(call.callId, positions.size + 1);
  }
  return positions;
}

/**
 * Estimated wait: callers who find a free agent wait about nothing; the rest wait
 * for the staffed agents to finish calls, each taking an average handle time. Null when
 * no agent is staffed: we cannot promise a time then, and saying so beats a made-up number.
 */
export function estimateWaitSeconds(load: {
  position: number;
  staffedAgents: number;
  freeAgents: number;
  averageHandleSeconds: number;
}): number | null {
  const { position, staffedAgents, freeAgents, averageHandleSeconds } = load;
  if (staffedAgents <= 0) return null;
  const ahead = position - freeAgents;
  if (ahead <= 0) return 0;
  return Math.ceil((ahead * averageHandleSeconds) / staffedAgents);
}
