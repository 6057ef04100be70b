import type { ForceAgentStatus, LiveAgent } from '@cc/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { forceAgentStatus } from '../connection/console-connection.ts';

type Target = ForceAgentStatus['status'];
const choices: Array<{ value: Target; label: string }> = [
  { value: 'available', label: 'Available' },
  { value: 'away', label: 'Away' },
  { value: 'offline', label: 'Sign out' },
];

/** A supervisor sets an agent's state, with a reason the agent will read on their desktop. */
export function ForceStateDialog({ agent, onClose }: { agent: LiveAgent; onClose: () => void }) {
  const [status, setStatus] = useState<Target>(agent.status === 'away' ? 'available' : 'away');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  useEffect(() => reasonRef.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await forceAgentStatus({ userId: agent.userId, status, reason: reason.trim() });
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'That did not work.');
    } finally {
      setBusy(false);
    }
  }

  const titleId = `force-title-${agent.userId}`;
  return (
    <div className="backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} onSubmit={submit}>
        <h2 id={titleId}>Force state — {agent.displayName}</h2>
        <fieldset className="choices">
          <legend>New state</legend>
          {choices.map((c) => (
            <label key={c.value} className={status === c.value ? 'choice chosen' : 'choice'}>
              <input type="radio" name="status" value={c.value} checked={status === c.value} onChange={() => setStatus(c.value)} />
              {c.label}
            </label>
          ))}
        </fieldset>
        <label htmlFor={`reason-${agent.userId}`}>Reason (shown to the agent)</label>
        <input
          id={`reason-${agent.userId}`}
          ref={reasonRef}
          value={reason}
          maxLength={200}
          required
          placeholder="e.g. Team meeting in room 2"
          onChange={(e) => setReason(e.target.value)}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || reason.trim() === ''}>
            {busy ? 'Applying…' : 'Apply'}
          </button>
        </div>
      </form>
    </div>
  );
}
