import type { CommandResult } from '@cc/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { callController } from './call-controller.ts';

type Targets = CommandResult<'directory:transfer-targets'>;

/**
 * Blind transfer: pick a queue or another agent and hand the call over; the caller
 * waits on hold with music until the target answers, and this desktop is free at once.
 * Consult: pick a colleague to talk to first while the caller waits on hold.
 */
export function TransferPanel({
  callId,
  mode,
  onClose,
}: {
  callId: string;
  mode: 'transfer' | 'consult';
  onClose: () => void;
}) {
  const [targets, setTargets] = useState<Targets | null>(null);
  const [choice, setChoice] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const selectId = useId();
  const select = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    let live = true;
    void callController.transferTargets().then(
      (found) => {
        if (!live) return;
        setTargets(found);
        select.current?.focus();
      },
      (error: Error) => live && setProblem(error.message),
    );
    return () => {
      live = false;
    };
  }, []);

  const transfer = async () => {
    const [kind, id] = choice.split(':');
    if (!kind || !id) {
      setProblem(mode === 'consult' ? 'Choose a colleague to consult.' : 'Choose a queue or an agent to transfer to.');
      return;
    }
    setBusy(true);
    const refused =
      mode === 'consult'
        ? await callController.consult(callId, id)
        : await callController.transfer(callId, kind === 'queue' ? { kind: 'queue', queueId: id } : { kind: 'agent', userId: id });
    setBusy(false);
    if (refused) setProblem(refused);
    else if (mode === 'consult') onClose();
  };

  return (
    <div
      className="transfer-panel"
      role="region"
      aria-label={mode === 'consult' ? 'Consult' : 'Transfer'}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <label htmlFor={selectId}>{mode === 'consult' ? 'Consult with' : 'Transfer to'}</label>
      <select id={selectId} ref={select} value={choice} onChange={(e) => setChoice(e.target.value)} disabled={!targets}>
        <option value="">{targets ? 'Choose…' : 'Loading…'}</option>
        {targets && mode === 'transfer' && (
          <optgroup label="Queues">
            {targets.queues.map((q) => (
              <option key={q.id} value={`queue:${q.id}`}>
                Queue: {q.displayName}
              </option>
            ))}
          </optgroup>
        )}
        {targets && targets.agents.length > 0 && (
          <optgroup label="Agents">
            {targets.agents.map((a) => (
              <option key={a.userId} value={`agent:${a.userId}`}>
                Agent: {a.displayName} ({a.status})
              </option>
            ))}
          </optgroup>
        )}
      </select>
      <div className="actions">
        <button type="button" className="primary" disabled={busy || !choice} onClick={() => void transfer()}>
          {mode === 'consult' ? 'Ask to join' : 'Transfer now'}
        </button>
        <button type="button" onClick={onClose}>
          {mode === 'consult' ? 'Close' : 'Cancel transfer'}
        </button>
      </div>
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
