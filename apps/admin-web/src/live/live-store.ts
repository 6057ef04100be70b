import type { CallInProgress, HourlyCalls, LiveAgent, LiveCallsUpdate, LiveQueue, LiveQueuesUpdate, LiveSnapshot } from '@cc/shared';
import type { ConnectionState } from '@cc/client-core';
import { create } from 'zustand';

/**
 * A node refreshes its calls every 2 s; a call not heard of for this long is gone (its
 * server stopped, or it left this watcher's view without a word).
 */
export const CALL_STALE_MS = 7_000;

interface LiveStore {
  connection: ConnectionState;
  /** Set once the first snapshot has arrived. */
  ready: boolean;
  /** Server clock minus this browser's, so that ticking durations match the server. */
  skewMs: number;
  queues: LiveQueue[];
  hourly: HourlyCalls[];
  /** The contact center's time zone, which the day and its hours are counted in. */
  timeZone: string;
  agents: Record<string, LiveAgent>;
  calls: Record<string, { call: CallInProgress; seenAt: number }>;
  problem: string | null;
}

const initial: LiveStore = {
  connection: 'connecting',
  ready: false,
  skewMs: 0,
  queues: [],
  hourly: [],
  timeZone: 'UTC',
  agents: {},
  calls: {},
  problem: null,
};

const useLiveStore = create<LiveStore>(() => initial);
const set = useLiveStore.setState;

/** Store actions, named for what happened; only the console connection calls them. */
export const liveActions = {
  snapshotReceived(snapshot: LiveSnapshot) {
    const now = Date.now();
    set({
      ready: true,
      problem: null,
      skewMs: Date.parse(snapshot.generatedAt) - now,
      queues: snapshot.queues,
      hourly: snapshot.hourly,
      timeZone: snapshot.timeZone,
      agents: Object.fromEntries(snapshot.agents.map((a) => [a.userId, a])),
      calls: Object.fromEntries(snapshot.calls.map((c) => [c.callId, { call: c, seenAt: now }])),
    });
  },
  queuesUpdated(update: LiveQueuesUpdate) {
    set({ queues: update.queues, hourly: update.hourly, timeZone: update.timeZone });
  },
  agentUpdated(agent: LiveAgent) {
    set((s) => ({ agents: { ...s.agents, [agent.userId]: agent } }));
  },
  callsUpdated(update: LiveCallsUpdate) {
    const now = Date.now();
    set((s) => {
      const calls = { ...s.calls };
      for (const id of update.removedCallIds) delete calls[id];
      for (const call of update.calls) calls[call.callId] = { call, seenAt: now };
      return { calls };
    });
  },
  /** Drops calls whose node has gone quiet. */
  staleCallsDropped(now: number) {
    const { calls } = useLiveStore.getState();
    const stale = Object.values(calls).filter((c) => now - c.seenAt > CALL_STALE_MS);
    if (stale.length === 0) return;
    const kept = { ...calls };
    for (const { call } of stale) delete kept[call.callId];
    set({ calls: kept });
  },
  connectionChanged(connection: ConnectionState) {
    set({ connection });
  },
  problemOccurred(problem: string) {
    set({ problem });
  },
  reset() {
    set(initial);
  },
};

const byName = (a: { displayName: string }, b: { displayName: string }) => a.displayName.localeCompare(b.displayName);

export const useLiveReady = () => useLiveStore((s) => s.ready);
export const useConnection = () => useLiveStore((s) => s.connection);
export const useLiveProblem = () => useLiveStore((s) => s.problem);
export const useSkewMs = () => useLiveStore((s) => s.skewMs);
export const useQueues = () => useLiveStore((s) => s.queues);
export const useHourly = () => useLiveStore((s) => s.hourly);
export const useLiveTimeZone = () => useLiveStore((s) => s.timeZone);
const selectAgents = (s: LiveStore) => s.agents;
const selectCalls = (s: LiveStore) => s.calls;
export const useAgentsById = () => useLiveStore(selectAgents);
export const useCallsById = () => useLiveStore(selectCalls);
export { byName };
