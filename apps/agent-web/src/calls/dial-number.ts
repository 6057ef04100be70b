import { PhoneNumberText } from '@cc/shared';

export type DialNumber = { ok: true; number: string } | { ok: false; message: string };

/**
 * What the agent typed, ready to dial. Spaces, dashes, dots and brackets are how people
 * write numbers ("+49 30 123-45"), not part of them, so they are dropped before the
 * shared schema decides; its message is shown as is when the rest is not a number.
 */
export function parseDialNumber(text: string): DialNumber {
  const parsed = PhoneNumberText.safeParse(text.replace(/[\s().\-/]/g, ''));
  if (parsed.success) return { ok: true, number: parsed.data };
  return { ok: false, message: parsed.error.issues[0]?.message ?? 'Enter a phone number.' };
}
