import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentTransitions } from '../acd/agent-state.ts';
import { callTransitions } from '../calls/call-state.ts';
import { assertTransition, canTransition } from './transition-table.ts';

test('a call goes queued → ringing → connected → ended, back to queued from ringing or by a transfer', () => {
  assert.ok(canTransition(callTransitions, 'queued', 'ringing'));
  assert.ok(canTransition(callTransitions, 'ringing', 'queued'));
  assert.ok(canTransition(callTransitions, 'ringing', 'connected'));
  assert.ok(canTransition(callTransitions, 'connected', 'ended'));
  assert.ok(canTransition(callTransitions, 'queued', 'ended'));
  assert.equal(canTransition(callTransitions, 'queued', 'connected'), false);
  assert.ok(canTransition(callTransitions, 'connected', 'queued'), 'a blind transfer');
  assert.equal(canTransition(callTransitions, 'connected', 'ringing'), false);
});

test('an outbound call goes dialing → ringing or connected, and never into a queue', () => {
  assert.ok(canTransition(callTransitions, 'dialing', 'ringing'));
  assert.ok(canTransition(callTransitions, 'dialing', 'connected'));
  assert.ok(canTransition(callTransitions, 'dialing', 'ended'));
  assert.equal(canTransition(callTransitions, 'dialing', 'queued'), false);
});

test('an ended call never moves again', () => {
  for (const to of ['queued', 'ringing', 'connected', 'ended'] as const) {
    assert.equal(canTransition(callTransitions, 'ended', to), false);
  }
});

test('an agent reaches on-call by ringing or by dialling out (never offline), and wrap-up only from on-call', () => {
  assert.equal(canTransition(agentTransitions, 'offline', 'on-call'), false);
  for (const from of ['available', 'away', 'wrap-up'] as const) {
    assert.ok(canTransition(agentTransitions, from, 'on-call'), from);
  }
  for (const from of ['offline', 'available', 'away', 'ringing'] as const) {
    assert.equal(canTransition(agentTransitions, from, 'wrap-up'), false, from);
  }
  assert.ok(canTransition(agentTransitions, 'ringing', 'on-call'));
  assert.ok(canTransition(agentTransitions, 'on-call', 'wrap-up'));
});

test('every state can go offline except offline itself', () => {
  for (const from of ['available', 'away', 'ringing', 'on-call', 'wrap-up'] as const) {
    assert.ok(canTransition(agentTransitions, from, 'offline'), from);
  }
});

test('a forbidden transition is a conflict error naming both states', () => {
  assert.throws(() => assertTransition(callTransitions, 'call', 'ended', 'ringing'), {
    code: 'conflict',
    message: 'A call cannot go from ended to ringing.',
  });
});
