import type { CommandRequest } from '@cc/shared';
import { parseDialNumber } from './dial-number.ts';

/** Where a blind transfer sends the call, as `call:transfer` takes it. */
export type TransferTarget = CommandRequest<'call:transfer'>['to'];
/** Whom a consultation asks, as `call:consult` takes it (less the call id). */
export type ConsultTarget = { userId: string } | { queueId: string } | { number: string };

/**
 * The Transfer panel's target list says what was picked as one option value:
 * `queue:<id>`, `agent:<id>`, or {@link NUMBER_CHOICE} (then the typed number counts).
 */
export const NUMBER_CHOICE = 'number';

export type Picked<T> = { ok: true; target: T } | { ok: false; message: string };

/** What the agent picked for a blind transfer, or why it cannot be sent, in words. */
export function pickTransferTarget(choice: string, numberText: string): Picked<TransferTarget> {
  if (choice === NUMBER_CHOICE) {
    const number = parseDialNumber(numberText);
    return number.ok ? { ok: true, target: { kind: 'number', number: number.number } } : number;
  }
  const [kind, id] = splitChoice(choice);
  if (kind === 'queue') return { ok: true, target: { kind: 'queue', queueId: id } };
  if (kind === 'agent') return { ok: true, target: { kind: 'agent', userId: id } };
  return { ok: false, message: 'Choose a queue, an agent or a phone number to transfer to.' };
}

/** What the agent picked to consult, or why it cannot be asked, in words. */
export function pickConsultTarget(choice: string, numberText: string): Picked<ConsultTarget> {
  if (choice === NUMBER_CHOICE) {
    const number = parseDialNumber(numberText);
    return number.ok ? { ok: true, target: { number: number.number } } : number;
  }
  const [kind, id] = splitChoice(choice);
  if (kind === 'queue') return { ok: true, target: { queueId: id } };
  if (kind === 'agent') return { ok: true, target: { userId: id } };
  return { ok: false, message: 'Choose a colleague, a queue or a phone number to consult.' };
}

function splitChoice(choice: string): [string, string] {
  const colon = choice.indexOf(':');
  if (colon <= 0 || colon === choice.length - 1) return ['', ''];
  return [choice.slice(0, colon), choice.slice(colon + 1)];
}
