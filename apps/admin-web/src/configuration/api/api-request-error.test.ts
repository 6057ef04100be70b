import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiRequestError, invalidRequestFields } from './api-request-error.ts';

test("a 400 from the server's validator is split into its fields", () => {
  assert.deepEqual(invalidRequestFields('Invalid request: requiredSkills.0.skillId: no such skill; ringTimeoutMs: Too small: expected number to be >=1000'), {
    'requiredSkills.0.skillId': 'No such skill.',
    ringTimeoutMs: 'Too small: expected number to be >=1000.',
  });
});

test('a 400 naming no field is kept for the form as a whole', () => {
  assert.deepEqual(invalidRequestFields('Invalid request: body: Change at least one field.'), { '': 'Change at least one field.' });
  assert.deepEqual(invalidRequestFields('Body cannot be empty when content-type is set to application/json'), {});
});

test('an error answer becomes an error to show: field errors for 400s, the message for the rest', () => {
  const invalid = ApiRequestError.fromResponse(400, { error: { code: 'bad-request', message: 'Invalid request: overflow.queueId: no such queue' } });
  assert.equal(invalid.code, 'bad-request');
  assert.deepEqual(invalid.fieldErrors, { 'overflow.queueId': 'No such queue.' });

  const taken = ApiRequestError.fromResponse(409, { error: { code: 'conflict', message: 'A queue named "support" already exists.' } });
  assert.equal(taken.message, 'A queue named "support" already exists.');
  assert.deepEqual(taken.fieldErrors, {});

  const garbled = ApiRequestError.fromResponse(502, '<html>Bad gateway</html>');
  assert.equal(garbled.code, 'internal');
  assert.match(garbled.message, /HTTP 502/);
});
