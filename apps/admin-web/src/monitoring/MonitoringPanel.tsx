import type { MonitorMode } from '@cc/shared';
import { useEffect, useRef } from 'react';
import { useConsoleConnection } from '../connection/use-console-connection.ts';
import { monitoringController } from './monitoring-controller.ts';
import {
  type MonitoredCall,
  monitoringActions,
  useMonitorMode,
  useMonitoredCall,
  useMonitoringBusy,
  useMonitoringMedia,
  useMonitoringMuted,
  useMonitoringNotice,
  useMonitoringOnHold,
  useMonitoringProblem,
  useTakenOver,
  useWithoutMicrophone,
} from './monitoring-store.ts';
import './monitoring.css';

function modeText(mode: MonitorMode | null, call: MonitoredCall, takenOver: boolean): string {
  const agent = call.agentName ?? 'the agent';
  if (takenOver) return `You took this call over: the customer hears you, and ${agent} has left.`;
  if (mode === 'whisper') return `Whisper: only ${agent} hears you; the customer does not.`;
  if (mode === 'barge') return `Barge: ${agent} and the customer both hear you.`;
  return 'Listen: you hear both sides; nobody hears you.';
}

/**
 * The call a supervisor is on: which call, how they are heard, and what they can do:
 * stop monitoring, or after a take over hold, resume and hang up; mute when they can be heard. It sits
 * in the console's frame, so a supervisor who took a call over keeps it (and its
 * controls) on every page; while it shows, the console's socket stays open.
 */
export function MonitoringPanel() {
  const call = useMonitoredCall();
  const notice = useMonitoringNotice();
  if (!call) {
    return notice ? (
      <div className="monitoring-notice">
        <p role="status">Monitoring ended: {notice}</p>
        <button type="button" className="small" onClick={() => monitoringActions.noticeDismissed()}>
          Dismiss
        </button>
      </div>
    ) : null;
  }
  return <ActiveMonitoring call={call} />;
}

function ActiveMonitoring({ call }: { call: MonitoredCall }) {
  useConsoleConnection();
  const mode = useMonitorMode();
  const takenOver = useTakenOver();
  const onHold = useMonitoringOnHold();
  const muted = useMonitoringMuted();
  const media = useMonitoringMedia();
  const busy = useMonitoringBusy();
  const problem = useMonitoringProblem();
  const withoutMicrophone = useWithoutMicrophone();
  const hangUpRef = useRef<HTMLButtonElement>(null);
  const audioRef = (el: HTMLAudioElement | null) => monitoringController.setAudioElement(el);

  // Taking over moves the keyboard to the call's new main control.
  useEffect(() => {
    if (takenOver) hangUpRef.current?.focus();
  }, [takenOver]);

  const stop = async () => {
    await monitoringController.stop();
    // Back to where the supervisor started, when that row is still listed.
    document.querySelector<HTMLButtonElement>(`[data-monitor-call="${call.callId}"]`)?.focus();
  };
  const heard = takenOver || mode === 'whisper' || mode === 'barge';
  return (
    <section className={`monitoring${takenOver ? ' taken-over' : ''}`} aria-labelledby="monitoring-title">
      <div className="monitoring-main">
        <h2 id="monitoring-title">Monitoring</h2>
        <p className="monitoring-call">
          <strong>{call.caller}</strong>
          <span className="muted">
            {' '}
            · {call.channel === 'phone' ? 'Phone' : 'Web'} · {call.queueName}
            {!takenOver && call.agentName && ` · with ${call.agentName}`}
          </span>
        </p>
        <p className={`monitoring-mode mode-${takenOver ? 'taken-over' : (mode ?? 'listen')}`} role="status">
          {modeText(mode, call, takenOver)}
          {onHold && ' The customer is on hold.'}
        </p>
        {withoutMicrophone && (
          <p className="small">
            You are listening without a microphone: Whisper, Barge and Take over need one. {withoutMicrophone}
          </p>
        )}
        {media !== 'connected' && (
          <p className="muted small">{media === 'connecting' ? 'Connecting the call audio…' : 'No call audio.'}</p>
        )}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="monitoring-actions">
        {heard && (
          <button type="button" aria-pressed={muted} disabled={media !== 'connected'} onClick={() => void monitoringController.setMuted(!muted)}>
            {muted ? 'Unmute' : 'Mute'}
          </button>
        )}
        {takenOver && (
          <button type="button" aria-pressed={onHold} disabled={media !== 'connected'} onClick={() => void monitoringController.setHold(!onHold)}>
            {onHold ? 'Resume' : 'Hold'}
          </button>
        )}
        {takenOver ? (
          <button type="button" className="danger" ref={hangUpRef} disabled={busy} onClick={() => void monitoringController.hangUp()}>
            Hang up
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={() => void stop()}>
            Stop monitoring
          </button>
        )}
      </div>
      <audio ref={audioRef} autoPlay data-remote-audio />
    </section>
  );
}
