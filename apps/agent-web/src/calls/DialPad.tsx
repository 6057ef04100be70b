import { type FormEvent, useState } from 'react';
import { useConnectionState } from '../connection/connection-store.ts';
import { useAgentKnown, useAgentStatus } from '../presence/presence-store.ts';
import { DigitButtons } from './DigitButtons.tsx';
import { callController } from './call-controller.ts';
import { useActiveCall, useDialPending, useDialProblem, useOffer } from './call-store.ts';
import { parseDialNumber } from './dial-number.ts';

/**
 * Outbound calls: a number field, a telephone keypad that types into it, and Call
 * (Enter in the field dials too). Hidden during a call; disabled while a call rings,
 * a dial is on its way, or the desktop is not connected.
 */
export function DialPad() {
  const active = useActiveCall();
  const offer = useOffer();
  const status = useAgentStatus();
  const known = useAgentKnown();
  const pending = useDialPending();
  const problem = useDialProblem();
  const connection = useConnectionState();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (active) return null;

  const disabled = !known || connection !== 'connected' || pending || offer !== null || status === 'ringing' || status === 'on-call';
  const edit = (next: string) => {
    setText(next);
    setError(null);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseDialNumber(text);
    if (!parsed.ok) return setError(parsed.message);
    void callController.dial(parsed.number);
  };

  return (
    <section className="card dial-pad" aria-label="Dial pad">
      <h2 className="card-title">Make a call</h2>
      <form onSubmit={submit} noValidate>
        <label htmlFor="dial-number">Phone number</label>
        <div className="dial-field">
          <input
            id="dial-number"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            placeholder="+49 30 1234567"
            value={text}
            disabled={disabled}
            aria-invalid={error !== null}
            aria-describedby={error ? 'dial-number-error' : undefined}
            onChange={(e) => edit(e.target.value)}
          />
          <button
            type="button"
            className="dial-backspace"
            aria-label="Delete last digit"
            disabled={disabled || text === ''}
            onClick={() => edit(text.slice(0, -1))}
          >
            <span aria-hidden="true">⌫</span>
          </button>
        </div>
        {error && (
          <p id="dial-number-error" className="error" role="alert">
            {error}
          </p>
        )}
        <DigitButtons disabled={disabled} onDigit={(digit) => edit(text + digit)} />
        <button type="submit" className="primary call-button" disabled={disabled}>
          Call
        </button>
        <p className="muted dial-hint" aria-live="polite">
          {pending ? 'Placing the call…' : offer || status === 'ringing' ? 'Answer or decline the ringing call first.' : ''}
        </p>
        {problem && !pending && (
          <p className="error dial-problem" role="alert">
            {problem}
          </p>
        )}
      </form>
    </section>
  );
}
