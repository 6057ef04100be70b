import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allOf } from './use-loaded.ts';

test('allOf answers each request under its own name, whichever settles first', async () => {
  const slow = new Promise<string[]>((resolve) => setTimeout(() => resolve(['support']), 5));
  const loaded = await allOf({ queues: slow, count: Promise.resolve(3) });
  assert.deepEqual(loaded, { queues: ['support'], count: 3 });
});

test('allOf fails with the first request that fails', async () => {
  await assert.rejects(allOf({ users: Promise.resolve([]), teams: Promise.reject(new Error('Teams could not be loaded.')) }), /Teams could not be loaded/);
});
