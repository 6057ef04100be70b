import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AdminUser } from '@cc/shared';
import { editUserForm, newUserForm, validateNewUser, validateUserChange } from './user-form.ts';

const english = '6b0f8a0c-7f1e-4a5b-9c3d-2e1f0a9b8c7d';
const support = '0d6f4c1a-2b3c-4d5e-8f90-a1b2c3d4e5f6';
const teamId = 'f0e1d2c3-b4a5-4968-8776-655443322110';
const alice: AdminUser = {
  id: 'a1b2c3d4-e5f6-4a5b-8c9d-0e1f2a3b4c5d',
  username: 'alice',
  displayName: 'Alice Martin',
  role: 'agent',
  disabled: false,
  teamId,
  skills: [{ skillId: english, level: 8 }],
  memberships: [{ queueId: support, tier: 1 }],
};

test('a new agent with a skill level and a queue tier becomes the contract', () => {
  const result = validateNewUser({
    ...newUserForm(),
    username: 'carol',
    displayName: 'Carol Diaz',
    password: 'correct horse',
    teamId,
    skills: [{ ref: english, number: '7' }],
    memberships: [{ ref: support, number: '2' }],
  });
  assert.deepEqual(result, {
    ok: true,
    value: {
      username: 'carol',
      displayName: 'Carol Diaz',
      role: 'agent',
      password: 'correct horse',
      disabled: false,
      teamId,
      skills: [{ skillId: english, level: 7 }],
      memberships: [{ queueId: support, tier: 2 }],
    },
  });
});

test('a new user needs a password of 8 characters, and each skill once', () => {
  const result = validateNewUser({
    ...newUserForm(),
    username: 'carol',
    displayName: 'Carol',
    password: 'short',
    skills: [
      { ref: english, number: '3' },
      { ref: english, number: '4' },
    ],
  });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.errors.password, 'Use at least 8 characters.');
  assert.equal(result.errors.skills, 'Each skill may appear only once.');
});

test('an edit sends only what changed; a blank password keeps the old one', () => {
  const form = editUserForm(alice);
  assert.deepEqual(validateUserChange(alice, { ...form, teamId: '' }), { ok: true, value: { teamId: null } });
  assert.deepEqual(validateUserChange(alice, { ...form, skills: [{ ref: english, number: '9' }] }), {
    ok: true,
    value: { skills: [{ skillId: english, level: 9 }] },
  });
  assert.deepEqual(validateUserChange(alice, { ...form, password: 'a new secret' }), { ok: true, value: { password: 'a new secret' } });
});
