import type { CallStatus } from '@cc/shared';
import { create } from 'zustand';

export type CallRecording = NonNullable<CallStatus['recording']>;

/**
 * Each call's recording as the server reports it (the queue's policy and whether it
 * records now). Kept apart from the call store: only the recording controls read it.
 */
interface RecordingState {
  byCall: Record<string, CallRecording>;
  changed(callId: string, recording: CallRecording): void;
  forget(callId: string): void;
}

export const useRecordingStore = create<RecordingState>((set) => ({
  byCall: {},
  changed: (callId, recording) => set((s) => ({ byCall: { ...s.byCall, [callId]: recording } })),
  forget: (callId) =>
    set((s) => {
      const { [callId]: _gone, ...rest } = s.byCall;
      return { byCall: rest };
    }),
}));

export const recordingActions = {
  changed: (callId: string, recording: CallRecording) => useRecordingStore.getState().changed(callId, recording),
  forget: (callId: string) => useRecordingStore.getState().forget(callId),
};

/** What the agent can do with the recording now: one button, or none. */
export function recordingButton(recording: CallRecording | undefined): { action: 'start' | 'pause' | 'resume'; label: string } | null {
  if (!recording) return null;
  if (recording.state === 'recording') return { action: 'pause', label: 'Pause recording' };
  if (recording.state === 'paused') return { action: 'resume', label: 'Resume recording' };
  return recording.policy === 'on-demand' ? { action: 'start', label: 'Record' } : null;
}
