import { callController } from './call-controller.ts';
import { useActiveCall, useConsultRequest } from './call-store.ts';

/** A colleague asks this agent to join their call: Join call or Decline. */
export function ConsultRequestCard() {
  const request = useConsultRequest();
  const active = useActiveCall();
  if (!request || active) return null;
  return (
    <section className="card ringing" role="region" aria-label="Consultation request">
      <p className="eyebrow">Colleague asking · {request.queueName}</p>
      <h2>{request.fromAgentName} asks you to join a call</h2>
      <p className="muted">The caller, {request.callerLabel}, is on hold while you talk.</p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void callController.joinConsult(request)}>
          Join call
        </button>
        <button type="button" onClick={() => void callController.declineConsult(request.callId)}>
          Decline
        </button>
      </div>
    </section>
  );
}
