import { callController } from './call-controller.ts';
import { recordingButton, useRecordingStore } from './recording-store.ts';

/**
 * The recording's state on the call and its one control: Record (queues that record on
 * demand), Pause recording (say, while the caller reads a card number: the recording
 * keeps silence and notes who paused it), Resume recording.
 */
export function RecordingControls({ callId, connected }: { callId: string; connected: boolean }) {
  const recording = useRecordingStore((s) => s.byCall[callId]);
  const button = recordingButton(recording);
  return (
    <>
      {recording && recording.state !== 'off' && (
        <span className={`recording-state ${recording.state}`} role="status">
          {recording.state === 'recording' ? '● Recording' : 'Recording paused'}
        </span>
      )}
      {button && (
        <button
          type="button"
          aria-keyshortcuts="Alt+R"
          disabled={!connected}
          onClick={() => void callController.recording(callId, button.action)}
        >
          {button.label}
        </button>
      )}
    </>
  );
}
