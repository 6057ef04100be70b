import type { AgentSnapshot } from '@cc/shared';
import { create } from 'zustand';

interface PresenceStore {
  agent: AgentSnapshot | null;
  stateChanged(agent: AgentSnapshot): void;
  cleared(): void;
}

const usePresenceStore = create<PresenceStore>((set) => ({
  agent: null,
  stateChanged: (agent) => set({ agent }),
  cleared: () => set({ agent: null }),
}));

export const useAgentKnown = () => usePresenceStore((s) => s.agent !== null);
export const useAgentStatus = () => usePresenceStore((s) => s.agent?.status ?? 'offline');
export const useAgentSince = () => usePresenceStore((s) => s.agent?.since ?? null);
export const useAgentReason = () => usePresenceStore((s) => s.agent?.reason ?? null);
export const useWrapUpEndsAt = () => usePresenceStore((s) => s.agent?.wrapUpEndsAt ?? null);
export const presenceActions = {
  stateChanged: (agent: AgentSnapshot) => usePresenceStore.getState().stateChanged(agent),
  cleared: () => usePresenceStore.getState().cleared(),
};
