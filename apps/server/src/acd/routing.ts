import type { AgentPresence, WaitingCall } from './acd-model.ts';

export interface PlannedOffer {
  callId: string;
  agentId: string;
}

/**
 * Longest-idle-agent routing. Calls are served in arrival order; each not already
 * ringing gets the available queue member who has been idle longest. An agent who
 * already let this call ring out is passed over while anyone else can take it, and
 * tried again once everyone has been. Pure: the ACD service applies the plan.
 */
export function planOffers(calls: readonly WaitingCall[], agents: readonly AgentPresence[]): PlannedOffer[] {
  const free = agents
    .filter((a) => a.status === 'available')
    .sort((a, b) => a.idleSince.getTime() - b.idleSince.getTime() || a.userId.localeCompare(b.userId));
  const taken = new Set<string>();
  const offers: PlannedOffer[] = [];
  const ordered = [...calls].sort((a, b) => a.sequence - b.sequence);
  for (const call of ordered) {
    if (call.offeredTo) continue;
    const members = free.filter((a) => !taken.has(a.userId) && a.queueIds.includes(call.queueId));
    const chosen = members.find((a) => !call.triedAgentIds.includes(a.userId)) ?? members[0];
    if (!chosen) continue;
    taken.add(chosen.userId);
    offers.push({ callId: call.callId, agentId: chosen.userId });
  }
  return offers;
}

/** 1-based positions of the calls waiting in one queue, in arrival order. */
export function queuePositions(calls: readonly WaitingCall[], queueId: string): Map<string, number> {
  const positions = new Map<string, number>();
  for (const call of [...calls].sort((a, b) => a.sequence - b.sequence)) {
    if (call.queueId === queueId) positions.set(call.callId, positions.size + 1);
  }
  return positions;
}
