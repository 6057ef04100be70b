import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SipTrunk } from '@cc/shared';
import { editTrunkForm, newTrunkForm, sourcesFrom, validateNewTrunk, validateTrunkChange } from './trunk-form.ts';

const registered: SipTrunk = {
  id: 'a1b2c3d4-e5f6-4a5b-8c9d-0e1f2a3b4c5d',
  name: 'carrier',
  mode: 'register',
  allowedSources: [],
  outboundHost: 'sip.example.com',
  outboundPort: 5060,
  transport: 'udp',
  username: 'acme',
  hasPassword: true,
  registerExpiresSeconds: 3600,
  defaultCallerId: null,
  enabled: true,
};

test('sources are typed one a line (commas and spaces separate too)', () => {
  assert.deepEqual(sourcesFrom(' 203.0.113.7\n\n198.51.100.0/24, 2001:db8::1 '), ['203.0.113.7', '198.51.100.0/24', '2001:db8::1']);
});

test('an IP trunk becomes the contract; a bad address is reported with its line', () => {
  const ok = validateNewTrunk({ ...newTrunkForm(), name: 'carrier-ip', allowedSources: '203.0.113.7\n198.51.100.0/24', outboundHost: 'proxy.example.net' });
  assert.equal(ok.ok, true);
  if (ok.ok) {
    assert.deepEqual(ok.value.allowedSources, ['203.0.113.7', '198.51.100.0/24']);
    assert.equal(ok.value.password, null);
    assert.equal(ok.value.username, null);
  }
  const bad = validateNewTrunk({ ...newTrunkForm(), name: 'carrier-ip', allowedSources: '203.0.113.7\n203.0.113.300' });
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.deepEqual(Object.keys(bad.errors), ['allowedSources.1']);
});

test('a register trunk missing its credentials says so for each field at once', () => {
  const result = validateNewTrunk({ ...newTrunkForm(), name: 'carrier', mode: 'register', outboundPort: '70000' });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.errors, {
    outboundHost: 'A register trunk needs the registrar host.',
    username: 'A register trunk needs a username.',
    password: 'A register trunk needs a password.',
    outboundPort: 'Must be at most 65,535.',
  });
});

test('the password is write-only: blank keeps it, typed replaces it, removing it sends null', () => {
  const form = editTrunkForm(registered);
  assert.equal(form.password, '');
  assert.deepEqual(validateTrunkChange(registered, { ...form, outboundPort: '5080' }), { ok: true, value: { outboundPort: 5080 } });
  assert.deepEqual(validateTrunkChange(registered, { ...form, password: 'n3w' }), { ok: true, value: { password: 'n3w' } });
  // A register trunk cannot lose its password: the same rule the server applies to the trunk as changed.
  assert.deepEqual(validateTrunkChange(registered, { ...form, removePassword: true }), {
    ok: false,
    errors: { password: 'A register trunk needs a password.' },
  });
  assert.deepEqual(validateTrunkChange(registered, { ...form, mode: 'ip', allowedSources: '203.0.113.7', removePassword: true }), {
    ok: true,
    value: { mode: 'ip', allowedSources: ['203.0.113.7'], password: null },
  });
});
