import { callController } from './call-controller.ts';
import type { ActiveCall } from './call-store.ts';
import { answered, consultStatusText, consultView } from './consult-status.ts';

/**
 * While a colleague or an outside number is consulted: who and how far ("Dialing
 * 5551234…", "Ringing…", "Talking with…", "Conference with…"), and how it ends. The
 * caller is on hold until Complete transfer (the colleague or the number keeps them),
 * Conference (all three talk) or Cancel consult (back to the caller; a number is hung
 * up, even while it still rings).
 */
export function ConsultControls({ call }: { call: ActiveCall }) {
  const view = consultView(call);
  if (!view || call.asColleague) return null;
  const talking = answered(view);
  const conference = view.state === 'conference';
  return (
    <div className="consult-controls" role="region" aria-label="Consultation">
      <p role="status">{consultStatusText(view)}</p>
      <div className="actions">
        {!conference && (
          <>
            <button type="button" className="primary" disabled={!talking} onClick={() => void callController.finishConsult(call.callId, 'complete')}>
              Complete transfer
            </button>
            <button type="button" disabled={!talking} onClick={() => void callController.finishConsult(call.callId, 'conference')}>
              Conference
            </button>
          </>
        )}
        <button type="button" onClick={() => void callController.finishConsult(call.callId, 'cancel')}>
          {!conference ? 'Cancel consult' : view.kind === 'number' ? 'Remove number' : 'Remove colleague'}
        </button>
      </div>
    </div>
  );
}
