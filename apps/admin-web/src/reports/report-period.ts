import type { ReportGrouping } from '@cc/shared';

/** The periods the Reports page offers. Days are calendar days in the chosen time zone. */
export const periodPresets = ['today', 'yesterday', 'last-7-days', 'custom'] as const;
export type PeriodPreset = (typeof periodPresets)[number];

export const presetLabels: Record<PeriodPreset, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  'last-7-days': 'Last 7 days',
  custom: 'Custom',
};

export interface PeriodChoice {
  preset: PeriodPreset;
  /** Custom period: first and last day included, as YYYY-MM-DD. */
  customFrom: string;
  customTo: string;
  timeZone: string;
}

/** A period ready for the API: [from, to) as ISO instants, and how to cut it for the chart. */
export interface ResolvedPeriod {
  from: string;
  to: string;
  /** The days it covers, first and last, for headings. */
  firstDay: string;
  lastDay: string;
  /** Hours for one or two days, days beyond. */
  chartGrouping: Exclude<ReportGrouping, 'total'>;
}

const DAY_MS = 86_400_000;

/**
 * The period a choice means at `now`: today and yesterday are one local day, the last 7
 * days end with today, a custom period runs from the start of its first day to the end
 * of its last. Null when a custom period is incomplete or backwards.
 */
export function resolvePeriod(choice: PeriodChoice, now: Date): ResolvedPeriod | null {
  const today = localDate(now, choice.timeZone);
  let first: string;
  let last: string;
  switch (choice.preset) {
    case 'today':
      first = last = today;
      break;
    case 'yesterday':
      first = last = addDays(today, -1);
      break;
    case 'last-7-days':
      first = addDays(today, -6);
      last = today;
      break;
    case 'custom':
      if (!isDate(choice.customFrom) || !isDate(choice.customTo) || choice.customFrom > choice.customTo) return null;
      first = choice.customFrom;
      last = choice.customTo;
      break;
  }
  const from = zonedMidnight(first, choice.timeZone);
  const to = zonedMidnight(addDays(last, 1), choice.timeZone);
  const days = Math.round((to - from) / DAY_MS);
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    firstDay: first,
    lastDay: last,
    chartGrouping: days <= 2 ? 'hour' : 'day',
  };
}

const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/** The calendar day (YYYY-MM-DD) it is at `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const p = localParts(instant.getTime(), timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

export function addDays(day: string, days: number): string {
  const d = new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
  return d.toISOString().slice(0, 10);
}

/**
 * The instant local midnight starts `day` in `timeZone`. The offset is read at a first
 * guess and again at the result, which settles days whose offset changes (DST).
 */
export function zonedMidnight(day: string, timeZone: string): number {
  const wallClock = Date.parse(`${day}T00:00:00Z`);
  const firstOffset = offsetAt(wallClock, timeZone);
  const guess = wallClock - firstOffset;
  const secondOffset = offsetAt(guess, timeZone);
  return secondOffset === firstOffset ? guess : wallClock - secondOffset;
}

/** How far ahead of UTC the zone's clocks are at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

function localParts(instant: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The browser's own zone, or UTC when it has none to give. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
