import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PhoneNumberDigits, QueueInput, SipTrunkCreate, UserInput } from '@cc/shared';
import { errorsUnder, fieldErrorsOf, seconds } from './field-errors.ts';
import type { Schema } from './validation.ts';

function issuesOf<T>(schema: Schema<T>, value: unknown) {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected the schema to refuse the value');
  return parsed.error.issues;
}

test("zod's generic messages become sentences, in the field's shown unit", () => {
  const errors = fieldErrorsOf(
    issuesOf(QueueInput, { name: 'ok', displayName: '', ringTimeoutMs: 500, wrapUpMs: 7_200_000, priority: 1.5, serviceLevelSeconds: Number.NaN }),
    { ringTimeoutMs: seconds, wrapUpMs: seconds },
  );
  assert.deepEqual(errors, {
    displayName: 'This field is required.',
    ringTimeoutMs: 'Must be at least 1 second.',
    wrapUpMs: 'Must be at most 3,600 seconds.',
    priority: 'Enter a whole number.',
    serviceLevelSeconds: 'Enter a number.',
  });
});

test("the schemas' own hints are kept and made into sentences", () => {
  assert.deepEqual(fieldErrorsOf(issuesOf(QueueInput, { name: 'has space', displayName: 'x' })), {
    name: 'Use only letters, digits, dash or underscore.',
  });
  assert.match(fieldErrorsOf(issuesOf(PhoneNumberDigits, 'abc'))['']!, /^Must be 2 to 20 digits with an optional leading \+/);
});

test('list items are keyed by their index, and a rule over the whole list by the list', () => {
  const skill = '6b0f8a0c-7f1e-4a5b-9c3d-2e1f0a9b8c7d';
  const errors = fieldErrorsOf(
    issuesOf(UserInput, { username: 'x', displayName: 'X', role: 'agent', password: 'longenough', skills: [{ skillId: skill, level: 11 }] }),
  );
  assert.deepEqual(errors, { 'skills.0.level': 'Must be at most 10.' });
  const duplicate = fieldErrorsOf(
    issuesOf(UserInput, { username: 'x', displayName: 'X', role: 'agent', password: 'longenough', skills: [{ skillId: skill, level: 1 }, { skillId: skill, level: 2 }] }),
  );
  assert.deepEqual(duplicate, { skills: 'Each skill may appear only once.' });
});

test('a trunk\'s cross-field rules and bad addresses are worded for their fields', () => {
  const errors = fieldErrorsOf(issuesOf(SipTrunkCreate, { name: 'carrier', mode: 'register', allowedSources: ['203.0.113.0/24', '10.0.0.300'] }));
  assert.match(errors['allowedSources.1']!, /^Must be an IPv4 or IPv6 address, or a range in CIDR notation/);
  assert.deepEqual(
    errorsUnder(errors, 'allowedSources').map((e) => e.rest),
    ['1'],
  );
  // zod runs the cross-field rules once the fields themselves are valid.
  const rules = fieldErrorsOf(issuesOf(SipTrunkCreate, { name: 'carrier', mode: 'register' }));
  assert.equal(rules.outboundHost, 'A register trunk needs the registrar host.');
  assert.equal(rules.username, 'A register trunk needs a username.');
  assert.equal(rules.password, 'A register trunk needs a password.');
});
