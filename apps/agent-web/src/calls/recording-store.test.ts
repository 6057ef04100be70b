import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordingButton } from './recording-store.ts';

test('the recording button follows the policy and the state', () => {
  assert.equal(recordingButton(undefined), null);
  assert.equal(recordingButton({ policy: 'none', state: 'off' }), null);
  assert.equal(recordingButton({ policy: 'all', state: 'off' }), null, 'a record-all call starts by itself');
  assert.deepEqual(recordingButton({ policy: 'on-demand', state: 'off' }), { action: 'start', label: 'Record' });
  assert.deepEqual(recordingButton({ policy: 'all', state: 'recording' }), { action: 'pause', label: 'Pause recording' });
  assert.deepEqual(recordingButton({ policy: 'on-demand', state: 'paused' }), { action: 'resume', label: 'Resume recording' });
});
