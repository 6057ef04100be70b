import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commands } from './commands.ts';
import { events } from './events.ts';

test('every command names a domain and a verb, and every event a past tense', () => {
  for (const name of Object.keys(commands)) assert.match(name, /^[a-z]+:[a-z-]+$/);
  for (const name of Object.keys(events)) assert.match(name, /^[a-z]+:([a-z-]+(ed|wn)|ready)$/);
});

test('media:produce rejects a payload without codecs', () => {
  const result = commands['media:produce'].request.safeParse({
    callId: '3f0b8c1e-2f55-4c8e-9a43-8f6f0a1f2c11',
    transportId: 't1',
    kind: 'audio',
    rtpParameters: { codecs: [] },
  });
  assert.equal(result.success, false);
});

test('call ids must be UUIDs so a peer cannot probe arbitrary keys', () => {
  assert.equal(commands['call:answer'].request.safeParse({ callId: '../etc' }).success, false);
  assert.equal(
    commands['call:answer'].request.safeParse({ callId: '3f0b8c1e-2f55-4c8e-9a43-8f6f0a1f2c11' }).success,
    true,
  );
});

test('agents may only pick available or away by hand', () => {
  assert.equal(commands['agent:set-status'].request.safeParse({ status: 'on-call' }).success, false);
  assert.equal(commands['agent:set-status'].request.safeParse({ status: 'away' }).success, true);
});
