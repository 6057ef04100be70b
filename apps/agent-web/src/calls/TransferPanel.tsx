import type { CommandResult } from '@cc/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { callController } from './call-controller.ts';

type Targets = CommandResult<'directory:transfer-targets'>;

/**
 * Blind transfer: pick a queue or another agent and hand the call over. The caller
 * waits on hold with music until the target answers; this desktop is free at once.
 */
export function TransferPanel({ callId, onClose }: { callId: string; onClose: () => void }) {
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
      setProblem('Choose a queue or an agent to transfer to.');
      return;
    }
    setBusy(true);
    const refused = await callController.transfer(callId, kind === 'queue' ? { kind: 'queue', queueId: id } : { kind: 'agent', userId: id });
    setBusy(false);
    if (refused) setProblem(refused);
  };

  return (
    <div
      className="transfer-panel"
      role="region"
      aria-label="Transfer"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <label htmlFor={selectId}>Transfer to</label>
      <select id={selectId} ref={select} value={choice} onChange={(e) => setChoice(e.target.value)} disabled={!targets}>
        <option value="">{targets ? 'Choose…' : 'Loading…'}</option>
        {targets && (
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
          Transfer now
        </button>
        <button type="button" onClick={onClose}>
          Cancel transfer
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
