import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AdminQueue, QueueInput } from '@cc/shared';
import { editQueueForm, newQueueForm, validateNewQueue, validateQueueChange } from './queue-form.ts';

const skillId = '6b0f8a0c-7f1e-4a5b-9c3d-2e1f0a9b8c7d';
const otherQueueId = '0d6f4c1a-2b3c-4d5e-8f90-a1b2c3d4e5f6';
const existing: AdminQueue = {
  id: 'a1b2c3d4-e5f6-4a5b-8c9d-0e1f2a3b4c5d',
  ...QueueInput.parse({ name: 'support', displayName: 'Support', recordingPolicy: 'on-demand', maxWaitMs: 120_000 }),
  outboundCallerId: null,
};

test("a new queue's form starts at the contract's defaults, times in seconds", () => {
  const form = newQueueForm();
  assert.equal(form.name, '');
  assert.equal(form.ringTimeoutSeconds, '20');
  assert.equal(form.wrapUpSeconds, '15');
  assert.equal(form.maxWaitingCalls, '');
  assert.equal(form.recordingPolicy, 'none');
  assert.equal(form.overflowKind, 'end');
});

test('a filled-in form becomes the contract: seconds to milliseconds, blanks to no limit', () => {
  const result = validateNewQueue({
    ...newQueueForm(),
    name: ' billing ',
    displayName: 'Billing',
    ringTimeoutSeconds: '12.5',
    maxWaitSeconds: '90',
    overflowKind: 'queue',
    overflowQueueId: otherQueueId,
    requiredSkills: [{ ref: skillId, number: '4' }],
    outboundCallerId: ' +4930123456 ',
    recordingPolicy: 'all',
  });
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.equal(result.value.name, 'billing');
  assert.equal(result.value.ringTimeoutMs, 12_500);
  assert.equal(result.value.maxWaitMs, 90_000);
  assert.equal(result.value.maxWaitingCalls, null);
  assert.deepEqual(result.value.overflow, { kind: 'queue', queueId: otherQueueId });
  assert.deepEqual(result.value.requiredSkills, [{ skillId, minLevel: 4 }]);
  assert.equal(result.value.outboundCallerId, '+4930123456');
  assert.equal(result.value.recordingPolicy, 'all');
});

test('mistakes are reported per field in words, times in seconds', () => {
  const result = validateNewQueue({
    ...newQueueForm(),
    name: 'billing',
    displayName: 'Billing',
    ringTimeoutSeconds: '0.5',
    wrapUpSeconds: '',
    overflowKind: 'queue',
    overflowQueueId: '',
    requiredSkills: [{ ref: skillId, number: '0' }],
  });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.errors, {
    ringTimeoutMs: 'Must be at least 1 second.',
    wrapUpMs: 'Enter a number.',
    'overflow.queueId': 'Choose one from the list.',
    'requiredSkills.0.minLevel': 'Must be at least 1.',
  });
});

test('an edit sends only what changed', () => {
  const form = editQueueForm(existing);
  assert.equal(form.maxWaitSeconds, '120');
  const result = validateQueueChange(existing, { ...form, wrapUpSeconds: '45', maxWaitSeconds: '' });
  assert.deepEqual(result, { ok: true, value: { wrapUpMs: 45_000, maxWaitMs: null } });
});

test('an edit that changes nothing is refused in words, not sent', () => {
  const result = validateQueueChange(existing, editQueueForm(existing));
  assert.deepEqual(result, { ok: false, errors: { '': 'Change at least one field.' } });
});
