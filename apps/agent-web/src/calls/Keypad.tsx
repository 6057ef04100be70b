import type { KeyboardEvent } from 'react';
import { DigitButtons, isDigitKey } from './DigitButtons.tsx';
import { callController } from './call-controller.ts';
import { spaced } from './spaced-digits.ts';

/**
 * Digits to the phone during a connected phone call (menus, PINs): each press, or each
 * digit typed while the keypad has focus, goes out at once as call:send-dtmf.
 */
export function Keypad({ callId, digitsSent }: { callId: string; digitsSent: string }) {
  const send = (digit: string) => void callController.sendDtmf(callId, digit);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey || !isDigitKey(event.key)) return;
    event.preventDefault();
    send(event.key);
  };
  return (
    // Focusable as a whole so that typing digits works without picking a button first.
    <section className="keypad" aria-label="Keypad" aria-describedby="keypad-hint" tabIndex={0} onKeyDown={onKeyDown}>
      <p className="keypad-display">
        {digitsSent ? `Sent: ${spaced(digitsSent)}` : <span className="muted">Digits you press go to the phone</span>}
      </p>
      <DigitButtons onDigit={send} />
      <p id="keypad-hint" className="muted keypad-hint">
        Or type 0–9, * and # while the keypad has focus.
      </p>
    </section>
  );
}
