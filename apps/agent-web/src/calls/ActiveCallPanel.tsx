import { ChannelTag } from './ChannelTag.tsx';
import { CallProgressLine } from './CallProgressLine.tsx';
import { Keypad } from './Keypad.tsx';
import { callController } from './call-controller.ts';
import { useActiveCall } from './call-store.ts';
import { spaced } from './spaced-digits.ts';
import { useState } from 'react';
import { ConsultControls } from './ConsultControls.tsx';
import { answered, consultView } from './consult-status.ts';
import { RecordingControls } from './RecordingControls.tsx';
import { TransferPanel } from './TransferPanel.tsx';
import { useCallShortcuts } from './use-call-shortcuts.ts';

/**
 * The call in progress: who and where from, its progress or timer, Mute/Unmute,
 * Hold/Resume (Alt+H), Transfer (Alt+T), Consult (a colleague, a queue or a phone
 * number; then ConsultControls), and Hang up (which also cancels a call still dialing
 * or ringing, and is Leave call once the call would go on without this agent); on a
 * connected phone call, the keypad and the digits the phone pressed.
 */
export function ActiveCallPanel() {
  const call = useActiveCall();
  const [panel, setPanel] = useState<'transfer' | 'consult' | null>(null);
  useCallShortcuts(call, () => setPanel('transfer'));
  if (!call) return null;
  const phone = call.channel === 'phone';
  const keypad = phone && call.progress === 'connected';
  const consult = consultView(call);
  // Hanging up with a colleague in conference, or a number that answered, leaves the
  // call to them (the server completes the transfer) rather than ending it.
  const leaves = call.asColleague || consult?.state === 'conference' || (consult?.kind === 'number' && answered(consult));
  return (
    <section className={`card active-call${keypad ? ' with-keypad' : ''}`} role="region" aria-label="Current call">
      <div className="call-main">
        <div className="call-heading">
          <p className="eyebrow">
            {call.direction === 'outbound' ? 'Outgoing call' : 'On a call'}
            {call.queueName && ` · ${call.queueName}`}
          </p>
          <ChannelTag channel={call.channel} />
        </div>
        <h2 className={phone ? 'phone-number' : undefined}>{call.callerLabel}</h2>
        <CallProgressLine call={call} />
        {call.onHold && (
          <p className="on-hold" role="status">
            On hold: the caller hears music.
          </p>
        )}
        <div className="actions">
          <button
            type="button"
            aria-pressed={call.muted}
            disabled={!call.mediaReady}
            onClick={() => void callController.setMuted(!call.muted)}
          >
            {call.muted ? 'Unmute' : 'Mute'}
          </button>
          <button
            type="button"
            aria-pressed={call.onHold}
            aria-keyshortcuts="Alt+H"
            disabled={call.progress !== 'connected'}
            onClick={() => void callController.setHold(call.callId, !call.onHold)}
          >
            {call.onHold ? 'Resume' : 'Hold'}
          </button>
          <RecordingControls callId={call.callId} connected={call.progress === 'connected'} />
          {!call.asColleague && !consult && !call.external && (
            <>
              <button
                type="button"
                aria-expanded={panel === 'transfer'}
                aria-keyshortcuts="Alt+T"
                disabled={call.progress !== 'connected'}
                onClick={() => setPanel(panel === 'transfer' ? null : 'transfer')}
              >
                Transfer
              </button>
              <button
                type="button"
                aria-expanded={panel === 'consult'}
                disabled={call.progress !== 'connected'}
                onClick={() => setPanel(panel === 'consult' ? null : 'consult')}
              >
                Consult
              </button>
            </>
          )}
          <button type="button" className="danger" onClick={() => void callController.hangUp(call.callId)}>
            {leaves ? 'Leave call' : 'Hang up'}
          </button>
        </div>
        {phone && (
          <p className="digits-received" aria-live="polite">
            {call.digitsReceived && `Caller pressed: ${spaced(call.digitsReceived)}`}
          </p>
        )}
        {panel && <TransferPanel callId={call.callId} mode={panel} onClose={() => setPanel(null)} />}
        <ConsultControls call={call} />
      </div>
      {keypad && <Keypad callId={call.callId} digitsSent={call.digitsSent} />}
    </section>
  );
}
