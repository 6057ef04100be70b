import type { ConnectionState } from '@cc/client-core';
import { create } from 'zustand';

interface ConnectionStore {
  state: ConnectionState;
  detail: string | null;
  changed(state: ConnectionState, detail?: string): void;
}

const useConnectionStore = create<ConnectionStore>((set) => ({
  state: 'connecting',
  detail: null,
  changed: (state, detail) => set({ state, detail: detail ?? null }),
}));

export const useConnectionState = () => useConnectionStore((s) => s.state);
export const connectionActions = {
  changed: (state: ConnectionState, detail?: string) => useConnectionStore.getState().changed(state, detail),
};
