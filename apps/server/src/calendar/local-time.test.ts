import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localDate, localIso, startOfLocalDay } from './local-time.ts';

const at = (iso: string) => new Date(iso);

test('the local date and the start of the local day, east and west of UTC', () => {
  const instant = at('2026-11-26T03:30:00Z');
  assert.equal(localDate(instant, 'UTC'), '2026-11-26');
  assert.equal(startOfLocalDay(instant, 'UTC').toISOString(), '2026-11-26T00:00:00.000Z');
  // 22:30 the evening before in New York (UTC−5 in November).
  assert.equal(localDate(instant, 'America/New_York'), '2026-11-25');
  assert.equal(startOfLocalDay(instant, 'America/New_York').toISOString(), '2026-11-25T05:00:00.000Z');
  // 09:00 in Kolkata (UTC+5:30): its day began at 18:30 UTC the day before.
  assert.equal(localDate(instant, 'Asia/Kolkata'), '2026-11-26');
  assert.equal(startOfLocalDay(instant, 'Asia/Kolkata').toISOString(), '2026-11-25T18:30:00.000Z');
  // Exactly at local midnight, the day is the new one.
  assert.equal(startOfLocalDay(at('2026-11-25T05:00:00Z'), 'America/New_York').toISOString(), '2026-11-25T05:00:00.000Z');
  assert.equal(localDate(at('2026-11-25T04:59:59Z'), 'America/New_York'), '2026-11-24');
});

test('days with a clock change begin at their real midnight (23- and 25-hour days)', () => {
  // Berlin springs forward on 29 March 2026 (02:00 → 03:00) and falls back on 25 October.
  const spring = startOfLocalDay(at('2026-03-29T20:00:00Z'), 'Europe/Berlin');
  const nextAfterSpring = startOfLocalDay(at('2026-03-30T20:00:00Z'), 'Europe/Berlin');
  assert.equal(spring.toISOString(), '2026-03-28T23:00:00.000Z', 'midnight CET');
  assert.equal(nextAfterSpring.toISOString(), '2026-03-29T22:00:00.000Z', 'midnight CEST');
  assert.equal((nextAfterSpring.getTime() - spring.getTime()) / 3_600_000, 23);
  const autumn = startOfLocalDay(at('2026-10-25T20:00:00Z'), 'Europe/Berlin');
  const nextAfterAutumn = startOfLocalDay(at('2026-10-26T20:00:00Z'), 'Europe/Berlin');
  assert.equal((nextAfterAutumn.getTime() - autumn.getTime()) / 3_600_000, 25);
  // São Paulo has no DST now; Santiago changes at midnight itself (00:00 → 01:00 in September).
  assert.equal(startOfLocalDay(at('2026-09-06T15:00:00Z'), 'America/Santiago').toISOString(), '2026-09-06T04:00:00.000Z');
});

test('local ISO times carry their offset', () => {
  assert.equal(localIso(at('2026-03-02T09:00:00Z'), 'Europe/Paris'), '2026-03-02T10:00:00+01:00');
  assert.equal(localIso(at('2026-07-02T09:00:00Z'), 'Europe/Paris'), '2026-07-02T11:00:00+02:00');
  assert.equal(localIso(at('2026-03-02T09:00:00Z'), 'America/St_Johns'), '2026-03-02T05:30:00-03:30');
  assert.equal(localIso(at('2026-03-02T09:00:00.750Z'), 'UTC'), '2026-03-02T09:00:00Z');
});
