import { callController } from './call-controller.ts';
import type { ActiveCall } from './call-store.ts';

const stateWords = { ringing: 'Asking', talking: 'Talking with', conference: 'Conference with' } as const;

/**
 * While a colleague is consulted: who and how far, and how it ends. The caller is on
 * hold until Complete transfer (the colleague keeps them), Conference (all three talk)
 * or Cancel consult (back to the caller).
 */
export function ConsultControls({ call }: { call: ActiveCall }) {
  const consult = call.consult;
  if (!consult || call.asColleague) return null;
  const talking = consult.state !== 'ringing';
  return (
    <div className="consult-controls" role="region" aria-label="Consultation">
      <p role="status">
        {stateWords[consult.state]} {consult.agentName}
        {consult.state === 'ringing' ? '…' : ''}
        {consult.state !== 'conference' ? ' (the caller is on hold)' : ''}
      </p>
      <div className="actions">
        {consult.state !== 'conference' && (
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
          {consult.state === 'conference' ? 'Remove colleague' : 'Cancel consult'}
        </button>
      </div>
    </div>
  );
}
