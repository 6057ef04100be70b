import type { CallInProgress, MonitorMode, PublicUser } from '@cc/shared';
import { useEffect, useRef, useState } from 'react';
import { monitoringController } from '../monitoring/monitoring-controller.ts';
import { modeLabel, useMonitorMode, useMonitoredCall, useMonitoringBusy, useTakenOver } from '../monitoring/monitoring-store.ts';

const modes: MonitorMode[] = ['listen', 'whisper', 'barge'];

/**
 * A live call's supervisor actions: Listen, Whisper and Barge (the one pressed is how the
 * supervisor is heard now; pressing another switches at once), and Take over (confirmed
 * in place: "Yes, take over" or Cancel, Escape). Only a
 * call an agent is talking on can be monitored; while the supervisor has taken a call
 * over, the other calls wait until they hang up.
 */
export function SupervisorActions({ call, user }: { call: CallInProgress; user: PublicUser }) {
  const monitored = useMonitoredCall();
  const mode = useMonitorMode();
  const takenOver = useTakenOver();
  const busy = useMonitoringBusy();
  const thisCall = monitored?.callId === call.callId;
  const monitorable = call.state === 'connected' && call.agentId !== null && call.agentId !== user.id;
  // Not disabled while a command is on its way (a disabled button drops the keyboard
  // focus): the controller ignores presses until the server has answered.
  const disabled = !monitorable || takenOver;
  // Taking over sends the agent off the call, so it asks once more, in place.
  const [confirming, setConfirming] = useState(false);
  const takeOverRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (!confirming && returnFocus.current) {
      returnFocus.current = false;
      takeOverRef.current?.focus();
    }
  }, [confirming]);
  const cancel = () => {
    returnFocus.current = true;
    setConfirming(false);
  };
  return (
    <div className="supervisor-actions" role="group" aria-label={`Supervisor actions for ${call.caller}`} aria-busy={thisCall && busy}>
      {modes.map((m, i) => (
        <button
          key={m}
          type="button"
          className="small"
          aria-pressed={thisCall && !takenOver && mode === m}
          disabled={disabled}
          data-monitor-call={i === 0 ? call.callId : undefined}
          onClick={() => void monitoringController.monitor(call, m)}
        >
          {modeLabel[m]}
        </button>
      ))}
      {confirming && !disabled ? (
        <span
          className="take-over-confirm"
          role="group"
          aria-label="Confirm take over"
          onKeyDown={(event) => {
            if (event.key === 'Escape') cancel();
          }}
        >
          <span>{call.agentName ?? 'The agent'} leaves; the customer stays with you.</span>
          <button
            type="button"
            className="small danger"
            autoFocus
            onClick={() => {
              setConfirming(false);
              void monitoringController.takeOver(call);
            }}
          >
            Yes, take over
          </button>
          <button type="button" className="small" onClick={cancel}>
            Cancel
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="small take-over"
          ref={takeOverRef}
          // Only the agent can resume a hold, so a held call waits until they have.
          disabled={disabled || call.onHold}
          title={call.onHold ? 'The customer is on hold: take over once the agent has resumed.' : undefined}
          onClick={() => setConfirming(true)}
        >
          Take over
        </button>
      )}
    </div>
  );
}
