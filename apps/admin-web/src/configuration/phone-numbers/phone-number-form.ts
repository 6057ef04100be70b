import { type PhoneNumber, PhoneNumberCreate, PhoneNumberPatch } from '@cc/shared';
import { changedFields, optionalText, validateWith, type Validated } from '../forms/validation.ts';

/** The phone-number editor's fields as typed; '' for no trunk or no label. */
export interface PhoneNumberFormValues {
  number: string;
  queueId: string;
  trunkId: string;
  label: string;
}

export function newPhoneNumberForm(defaults: { queueId?: string; trunkId?: string } = {}): PhoneNumberFormValues {
  return { number: '', queueId: defaults.queueId ?? '', trunkId: defaults.trunkId ?? '', label: '' };
}

export function editPhoneNumberForm(entry: PhoneNumber): PhoneNumberFormValues {
  return { number: entry.number, queueId: entry.queueId, trunkId: entry.trunkId ?? '', label: entry.label ?? '' };
}

/**
 * Spaces, dashes, dots and brackets are how people write numbers, not part of them; the
 * gateway compares digits, so they are dropped (a leading + is kept: it is significant).
 */
export const numberDigits = (text: string) => text.replace(/[\s().\-/]/g, '');

function settingsCandidate(values: PhoneNumberFormValues) {
  return { queueId: values.queueId, trunkId: values.trunkId === '' ? null : values.trunkId, label: optionalText(values.label) };
}

/** POST /api/phone-numbers, checked by the schema the server uses. */
export function validateNewPhoneNumber(values: PhoneNumberFormValues): Validated<PhoneNumberCreate> {
  return validateWith(PhoneNumberCreate, { number: numberDigits(values.number), ...settingsCandidate(values) });
}

/** PATCH /api/phone-numbers/:number: the number itself is the key and cannot change. */
export function validatePhoneNumberChange(entry: PhoneNumber, values: PhoneNumberFormValues): Validated<PhoneNumberPatch> {
  return validateWith(PhoneNumberPatch, changedFields(settingsCandidate(editPhoneNumberForm(entry)), settingsCandidate(values)));
}
