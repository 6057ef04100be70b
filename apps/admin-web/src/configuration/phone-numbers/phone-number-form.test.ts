import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editPhoneNumberForm, validateNewPhoneNumber, validatePhoneNumberChange } from './phone-number-form.ts';

const queueId = '0d6f4c1a-2b3c-4d5e-8f90-a1b2c3d4e5f6';
const trunkId = 'a1b2c3d4-e5f6-4a5b-8c9d-0e1f2a3b4c5d';

test('a number written with spaces and dashes is stored as its digits, keeping the +', () => {
  assert.deepEqual(validateNewPhoneNumber({ number: '+49 30 555-000', queueId, trunkId: '', label: '  ' }), {
    ok: true,
    value: { number: '+4930555000', queueId, trunkId: null, label: null },
  });
});

test('letters and a missing queue are refused in words', () => {
  const result = validateNewPhoneNumber({ number: 'call us', queueId: '', trunkId, label: 'Main line' });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.match(result.errors.number!, /^Must be 2 to 20 digits/);
  assert.equal(result.errors.queueId, 'Choose one from the list.');
});

test('an edit moves the number to another queue and leaves the rest alone', () => {
  const entry = { number: '1000', queueId, trunkId, label: 'Demo support line' };
  const other = 'f0e1d2c3-b4a5-4968-8776-655443322110';
  assert.deepEqual(validatePhoneNumberChange(entry, { ...editPhoneNumberForm(entry), queueId: other }), { ok: true, value: { queueId: other } });
});
