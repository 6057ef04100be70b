import type { CallChannel, MonitorMode } from '@cc/shared';
import { create } from 'zustand';

export const modeLabel: Record<MonitorMode, string> = { listen: 'Listen', whisper: 'Whisper', barge: 'Barge' };

/** The call a supervisor is on, as the live calls row showed it when they joined. */
export interface MonitoredCall {
  callId: string;
  caller: string;
  channel: CallChannel;
  queueName: string;
  agentName: string | null;
}

interface MonitoringState {
  call: MonitoredCall | null;
  /** How the supervisor is heard, as the server last confirmed it; null before it has. */
  mode: MonitorMode | null;
  /** The supervisor took the call over: the agent left and the customer is theirs. */
  takenOver: boolean;
  onHold: boolean;
  muted: boolean;
  /** Why the supervisor listens without a microphone (none found, permission refused); null when theirs is connected. */
  withoutMicrophone: string | null;
  /** The call's audio: joining, flowing, or failed (the commands still work without it). */
  media: 'connecting' | 'connected' | 'failed';
  /** A command is on its way to the server: the buttons wait for its answer. */
  busy: boolean;
  problem: string | null;
  /** Why the last monitoring ended (the call ended, the connection closed); shown until the next. */
  notice: string | null;
}

const idle: MonitoringState = {
  call: null,
  mode: null,
  takenOver: false,
  onHold: false,
  muted: false,
  withoutMicrophone: null,
  media: 'connecting',
  busy: false,
  problem: null,
  notice: null,
};

const useMonitoringStore = create<MonitoringState>(() => idle);
const set = useMonitoringStore.setState;

/** Store actions, named for what happened; only the monitoring controller calls them. */
export const monitoringActions = {
  current: () => useMonitoringStore.getState(),
  commandSent() {
    set({ busy: true, problem: null });
  },
  commandRefused(problem: string) {
    set({ busy: false, problem });
  },
  commandDone() {
    set({ busy: false });
  },
  joined(call: MonitoredCall, mode: MonitorMode, onHold: boolean, withoutMicrophone: string | null) {
    set({ ...idle, call, mode, onHold, withoutMicrophone });
  },
  microphoneConnected() {
    set({ withoutMicrophone: null });
  },
  modeChanged(mode: MonitorMode) {
    set({ mode, busy: false });
  },
  mediaChanged(media: MonitoringState['media'], problem: string | null = null) {
    set((s) => ({ media, problem: problem ?? s.problem }));
  },
  /** `agentName`: who left (the call's status names the supervisor as its agent from now on). */
  tookOver(agentName: string | null) {
    set((s) => ({ takenOver: true, mode: 'barge', busy: false, call: s.call && { ...s.call, agentName } }));
  },
  callChanged(change: { onHold?: boolean; agentName?: string | null }) {
    set((s) => ({
      onHold: change.onHold ?? s.onHold,
      call: s.call && change.agentName !== undefined ? { ...s.call, agentName: change.agentName } : s.call,
    }));
  },
  muteChanged(muted: boolean) {
    set({ muted });
  },
  ended(notice: string | null) {
    set({ ...idle, notice });
  },
  noticeDismissed() {
    set({ notice: null });
  },
};

export const useMonitoredCall = () => useMonitoringStore((s) => s.call);
export const useMonitorMode = () => useMonitoringStore((s) => s.mode);
export const useTakenOver = () => useMonitoringStore((s) => s.takenOver);
export const useMonitoringOnHold = () => useMonitoringStore((s) => s.onHold);
export const useMonitoringMuted = () => useMonitoringStore((s) => s.muted);
export const useWithoutMicrophone = () => useMonitoringStore((s) => s.withoutMicrophone);
export const useMonitoringMedia = () => useMonitoringStore((s) => s.media);
export const useMonitoringBusy = () => useMonitoringStore((s) => s.busy);
export const useMonitoringProblem = () => useMonitoringStore((s) => s.problem);
export const useMonitoringNotice = () => useMonitoringStore((s) => s.notice);
