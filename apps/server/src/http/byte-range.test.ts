import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseByteRange } from './byte-range.ts';

test('single ranges: first-last, first-, and suffix; the end is clamped to the size', () => {
  assert.deepEqual(parseByteRange('bytes=0-99', 1000), { kind: 'range', start: 0, end: 99 });
  assert.deepEqual(parseByteRange('bytes=900-5000', 1000), { kind: 'range', start: 900, end: 999 });
  assert.deepEqual(parseByteRange('bytes=10-', 1000), { kind: 'range', start: 10, end: 999 });
  assert.deepEqual(parseByteRange('bytes=-100', 1000), { kind: 'range', start: 900, end: 999 });
  assert.deepEqual(parseByteRange('bytes=-5000', 1000), { kind: 'range', start: 0, end: 999 });
  assert.deepEqual(parseByteRange('bytes=999-999', 1000), { kind: 'range', start: 999, end: 999 });
});

test('ranges past the end, and an empty suffix, are unsatisfiable', () => {
  assert.deepEqual(parseByteRange('bytes=1000-', 1000), { kind: 'unsatisfiable' });
  assert.deepEqual(parseByteRange('bytes=1000-2000', 1000), { kind: 'unsatisfiable' });
  assert.deepEqual(parseByteRange('bytes=-0', 1000), { kind: 'unsatisfiable' });
});

test('no header, other units, several ranges and malformed ones are ignored: the whole body', () => {
  for (const header of [undefined, 'items=0-1', 'bytes=0-1,5-6', 'bytes=5-1', 'bytes=-', 'bytes=a-b', 'bytes 0-1']) {
    assert.deepEqual(parseByteRange(header, 1000), { kind: 'whole' }, String(header));
  }
});
