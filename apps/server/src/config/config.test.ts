import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

const base = { DATA_DIR: '/tmp/cc-config-test', SESSION_SECRET: 'x'.repeat(32) };

test('TIME_ZONE: UTC by default, an IANA name when set, and a bad one stops the start in words', () => {
  assert.equal(loadConfig(base).timeZone, 'UTC');
  assert.equal(loadConfig({ ...base, TIME_ZONE: 'Europe/Berlin' }).timeZone, 'Europe/Berlin');
  for (const bad of ['Mars/Olympus_Mons', 'CET; drop table', '']) {
    assert.throws(
      () => loadConfig({ ...base, TIME_ZONE: bad }),
      (e: unknown) => e instanceof ConfigError && /TIME_ZONE: /.test(e.message),
      bad,
    );
  }
});
