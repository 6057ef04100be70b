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

test('MEDIA_PORT_MIN and MEDIA_PORT_MAX: mediasoup’s range by default, and a range upside down is refused', () => {
  assert.deepEqual(loadConfig(base).rtc.mediaPorts, { min: 10_000, max: 59_999 });
  assert.deepEqual(loadConfig({ ...base, MEDIA_PORT_MIN: '40000', MEDIA_PORT_MAX: '49999' }).rtc.mediaPorts, { min: 40_000, max: 49_999 });
  assert.throws(() => loadConfig({ ...base, MEDIA_PORT_MIN: '50000', MEDIA_PORT_MAX: '40000' }), /MEDIA_PORT_MIN: must not be above MEDIA_PORT_MAX/);
});
