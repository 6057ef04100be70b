import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDialNumber } from './dial-number.ts';

test('a number written with spaces, dashes and brackets dials as its digits', () => {
  assert.deepEqual(parseDialNumber(' +49 (30) 123-45 '), { ok: true, number: '+493012345' });
});

test('letters, * and # are refused with the shared message in words', () => {
  for (const text of ['', '1', 'call me', '*31#']) {
    const result = parseDialNumber(text);
    assert.equal(result.ok, false, text);
    if (!result.ok) assert.match(result.message, /2 to 20 digits/);
  }
});
