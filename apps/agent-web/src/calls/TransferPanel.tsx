import type { CommandResult } from '@cc/shared';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { callController } from './call-controller.ts';
import { NUMBER_CHOICE, type Picked, pickConsultTarget, pickTransferTarget } from './transfer-target.ts';

type Targets = CommandResult<'directory:transfer-targets'>;

/**
 * Blind transfer: pick a queue, another agent or an outside phone number and hand the
 * call over; the caller waits on hold with music until the target answers, and this
 * desktop is free at once.
 * Consult: pick a colleague, a queue (its longest-idle free agent) or a phone number
 * to talk to first while the caller waits on hold.
 * "Phone number…" in the list opens a number field (Enter sends); a number that is not
 * one is refused in the shared schema's words before anything is sent.
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
  const [numberText, setNumberText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The problem shown is what was typed or chosen (not the server's refusal). */
  const [invalid, setInvalid] = useState(false);
  const selectId = useId();
  const numberId = useId();
  const problemId = useId();
  const select = useRef<HTMLSelectElement>(null);
  const numberField = useRef<HTMLInputElement>(null);
  const consult = mode === 'consult';
  const byNumber = choice === NUMBER_CHOICE;

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

  // Choosing "Phone number…" takes the keyboard straight to the number.
  useEffect(() => {
    if (byNumber) numberField.current?.focus();
  }, [byNumber]);

  /** The target is checked here first; the server's refusal, in words, shows the same way. */
  const submit = async <T,>(picked: Picked<T>, command: (target: T) => Promise<string | null>) => {
    if (!picked.ok) {
      setProblem(picked.message);
      setInvalid(true);
      (byNumber ? numberField : select).current?.focus();
      return;
    }
    setBusy(true);
    const refused = await command(picked.target);
    setBusy(false);
    if (refused) setProblem(refused);
    else if (consult) onClose();
  };
  const send = (event: FormEvent) => {
    event.preventDefault();
    void (consult
      ? submit(pickConsultTarget(choice, numberText), (target) => callController.consult(callId, target))
      : submit(pickTransferTarget(choice, numberText), (target) => callController.transfer(callId, target)));
  };

  const sendLabel = consult ? (byNumber ? 'Call number' : 'Ask to join') : 'Transfer now';
  return (
    <form
      className="transfer-panel"
      role="region"
      aria-label={consult ? 'Consult' : 'Transfer'}
      noValidate
      onSubmit={send}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <label htmlFor={selectId}>{consult ? 'Consult with' : 'Transfer to'}</label>
      <select
        id={selectId}
        ref={select}
        value={choice}
        onChange={(e) => {
          setChoice(e.target.value);
          setProblem(null);
          setInvalid(false);
        }}
        disabled={!targets}
      >
        <option value="">{targets ? 'Choose…' : 'Loading…'}</option>
        {targets && targets.queues.length > 0 && (
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
        {targets && <option value={NUMBER_CHOICE}>Phone number…</option>}
      </select>
      {byNumber && (
        <>
          <label htmlFor={numberId}>Phone number</label>
          <input
            id={numberId}
            ref={numberField}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            placeholder="+49 30 1234567"
            value={numberText}
            aria-invalid={invalid}
            aria-describedby={problem ? problemId : undefined}
            onChange={(e) => {
              setNumberText(e.target.value);
              setProblem(null);
              setInvalid(false);
            }}
          />
        </>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !choice}>
          {sendLabel}
        </button>
        <button type="button" onClick={onClose}>
          {consult ? 'Close' : 'Cancel transfer'}
        </button>
      </div>
      {problem && (
        <p id={problemId} className="problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
