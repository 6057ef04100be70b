import type { CallInProgress, Role } from '@cc/shared';
import type { Queryable } from '../persistence/database.ts';
import { TeamRepository } from '../teams/team-repository.ts';

/**
 * What one watcher of the live view may see. Admins see everyone. A supervisor sees the
 * agents of the teams they supervise and those agents' calls, plus every call still
 * waiting (queues are shared between teams).
 */
export type LiveScope = { kind: 'everyone' } | { kind: 'teams'; teamIds: ReadonlySet<string>; memberIds: ReadonlySet<string> };

export async function scopeOf(db: Queryable, viewer: { userId: string; role: Role }): Promise<LiveScope> {
  if (viewer.role === 'admin') return { kind: 'everyone' };
  const teams = new TeamRepository(db);
  const [teamIds, memberIds] = await Promise.all([teams.teamIdsSupervisedBy(viewer.userId), teams.memberIdsSupervisedBy(viewer.userId)]);
  return { kind: 'teams', teamIds: new Set(teamIds), memberIds: new Set(memberIds) };
}

export const seesAgent = (scope: LiveScope, userId: string) => scope.kind === 'everyone' || scope.memberIds.has(userId);

/** A call by its agent, or by its team (a supervisor who took a call over is in none). */
export const seesCall = (scope: LiveScope, call: Pick<CallInProgress, 'agentId' | 'teamId'>) =>
  call.agentId === null || seesAgent(scope, call.agentId) || (scope.kind === 'teams' && call.teamId !== null && scope.teamIds.has(call.teamId));

/**
 * socket.io rooms of the live view (through the Redis adapter they span every node):
 * every watcher is in `watchers`; admins also in `everyone`; a supervisor also in one
 * room per team they supervise. An emit to several rooms reaches each socket once.
 */
export const liveRooms = {
  watchers: 'live:watchers',
  everyone: 'live:everyone',
  team: (teamId: string) => `live:team:${teamId}`,
} as const;

export function roomsOfScope(scope: LiveScope): string[] {
  if (scope.kind === 'everyone') return [liveRooms.watchers, liveRooms.everyone];
  return [liveRooms.watchers, ...[...scope.teamIds].map(liveRooms.team)];
}

/** Who hears about an agent: admins, and the supervisors of the agent's team. */
export function agentRooms(teamId: string | null): string[] {
  return teamId ? [liveRooms.everyone, liveRooms.team(teamId)] : [liveRooms.everyone];
}

/** Who hears about a call: everyone while it waits; once an agent has it, as for that agent. */
export function callRooms(call: Pick<CallInProgress, 'agentId' | 'teamId'>): string[] {
  return call.agentId === null ? [liveRooms.watchers] : agentRooms(call.teamId);
}
