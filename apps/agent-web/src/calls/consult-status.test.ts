import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answered, consultStatusText, consultView, transferredText } from './consult-status.ts';

const number = (state: 'dialing' | 'ringing' | 'talking' | 'conference', purpose: 'consult' | 'transfer' = 'consult') => ({
  consult: null,
  external: { number: '5551234', purpose, state },
});

test('a consulted number is shown through each of its states, the caller on hold until the conference', () => {
  const texts = (['dialing', 'ringing', 'talking', 'conference'] as const).map((state) => consultStatusText(consultView(number(state))!));
  assert.deepEqual(texts, [
    'Dialing 5551234… (the caller is on hold)',
    'Ringing 5551234… (the caller is on hold)',
    'Talking with 5551234 (the caller is on hold)',
    'Conference with 5551234',
  ]);
});

test('a colleague reads as before: asked, talking, conference', () => {
  const colleague = (state: 'ringing' | 'talking' | 'conference') =>
    consultStatusText(consultView({ consult: { agentName: 'Bob Chen', state }, external: null })!);
  assert.equal(colleague('ringing'), 'Asking Bob Chen… (the caller is on hold)');
  assert.equal(colleague('talking'), 'Talking with Bob Chen (the caller is on hold)');
  assert.equal(colleague('conference'), 'Conference with Bob Chen');
});

test('Complete transfer and Conference wait for the number to answer', () => {
  assert.deepEqual(
    (['dialing', 'ringing', 'talking', 'conference'] as const).map((state) => answered(consultView(number(state))!)),
    [false, false, true, true],
  );
});

test('a number the call was transferred to is no consultation; nothing at all is none either', () => {
  assert.equal(consultView(number('talking', 'transfer')), null);
  assert.equal(consultView({ consult: null, external: null }), null);
});

test('leaving a call handed to a number names the number', () => {
  assert.equal(transferredText({ number: '5551234', purpose: 'transfer', state: 'dialing' }), 'You transferred the call to 5551234.');
  assert.equal(transferredText(null), 'You transferred the call.');
});
