import { useEffect } from 'react';
import { callController } from './call-controller.ts';
import type { ActiveCall } from './call-store.ts';
import { recordingButton, useRecordingStore } from './recording-store.ts';

/**
 * Call-control keys from anywhere in the desktop while a call is connected: Alt+H holds
 * or resumes, Alt+T opens the transfer panel, Alt+R records, pauses or resumes recording.
 */
export function useCallShortcuts(call: ActiveCall | null, openTransfer: () => void): void {
  useEffect(() => {
    if (!call || call.progress !== 'connected') return;
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'h') void callController.setHold(call.callId, !call.onHold);
      else if (key === 't') openTransfer();
      else if (key === 'r') {
        const button = recordingButton(useRecordingStore.getState().byCall[call.callId]);
        if (!button) return;
        void callController.recording(call.callId, button.action);
      }
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [call?.callId, call?.progress, call?.onHold]);
}
