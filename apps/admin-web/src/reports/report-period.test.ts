import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duration, percent } from './figure-format.ts';
import { resolvePeriod, zonedMidnight } from './report-period.ts';

const choice = (preset: 'today' | 'yesterday' | 'last-7-days' | 'custom', timeZone: string, customFrom = '', customTo = '') => ({
  preset,
  timeZone,
  customFrom,
  customTo,
});

test('today, yesterday and the last 7 days are calendar days in the chosen zone', () => {
  // 23:30 UTC on 2 March is already 3 March in Paris (UTC+1).
  const now = new Date('2026-03-02T23:30:00Z');
  assert.deepEqual(resolvePeriod(choice('today', 'UTC'), now), {
    from: '2026-03-02T00:00:00.000Z',
    to: '2026-03-03T00:00:00.000Z',
    firstDay: '2026-03-02',
    lastDay: '2026-03-02',
    chartGrouping: 'hour',
  });
  const paris = resolvePeriod(choice('today', 'Europe/Paris'), now);
  assert.equal(paris?.from, '2026-03-02T23:00:00.000Z');
  assert.equal(paris?.to, '2026-03-03T23:00:00.000Z');
  assert.equal(resolvePeriod(choice('yesterday', 'Europe/Paris'), now)?.from, '2026-03-01T23:00:00.000Z');
  const week = resolvePeriod(choice('last-7-days', 'UTC'), now);
  assert.deepEqual([week?.from, week?.to, week?.chartGrouping], ['2026-02-24T00:00:00.000Z', '2026-03-03T00:00:00.000Z', 'day']);
});

test('a custom period runs from its first midnight to the midnight after its last day, across a DST change', () => {
  // Paris moves to summer time on 29 March 2026: that day has 23 hours.
  const p = resolvePeriod(choice('custom', 'Europe/Paris', '2026-03-29', '2026-03-29'), new Date('2026-04-10T12:00:00Z'));
  assert.equal(p?.from, '2026-03-28T23:00:00.000Z');
  assert.equal(p?.to, '2026-03-29T22:00:00.000Z');
  assert.equal(zonedMidnight('2026-10-26', 'America/New_York'), Date.parse('2026-10-26T04:00:00Z'));
  assert.equal(zonedMidnight('2026-03-02', 'Asia/Kolkata'), Date.parse('2026-03-01T18:30:00Z'));
  assert.equal(resolvePeriod(choice('custom', 'UTC', '2026-03-05', '2026-03-01'), new Date()), null);
  assert.equal(resolvePeriod(choice('custom', 'UTC', '', '2026-03-01'), new Date()), null);
});

test('figures are written as a contact center reads them', () => {
  assert.equal(percent(0.625), '62.5 %');
  assert.equal(percent(1), '100 %');
  assert.equal(percent(null), '–');
  assert.equal(duration(14), '0:14');
  assert.equal(duration(128.3), '2:08');
  assert.equal(duration(3725), '1:02:05');
  assert.equal(duration(null), '–');
});
