import { useEffect } from 'react';
import { callController } from './call-controller.ts';
import type { ActiveCall } from './call-store.ts';

/** Alt+H holds or resumes the connected call from anywhere in the desktop. */
export function useHoldShortcut(call: ActiveCall | null): void {
  useEffect(() => {
    if (!call || call.progress !== 'connected') return;
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.key.toLowerCase() !== 'h') return;
      event.preventDefault();
      void callController.setHold(call.callId, !call.onHold);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [call?.callId, call?.progress, call?.onHold]);
}
