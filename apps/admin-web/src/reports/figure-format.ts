/** How the Reports page writes its figures. A missing figure (nothing to average) is an en dash. */
export const NONE = '–';

/** 0.625 → "62.5 %" */
export function percent(share: number | null): string {
  if (share === null) return NONE;
  return `${(share * 100).toFixed(1).replace(/\.0$/, '')} %`;
}

/** Seconds as a duration: 14 → "0:14", 128.3 → "2:08", 3725 → "1:02:05". */
export function duration(seconds: number | null): string {
  if (seconds === null) return NONE;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Signed-in time and the like: 6600 → "1 h 50 min", 420 → "7 min". */
export function hoursMinutes(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** An instant in the report's zone: "2 Mar, 09:05:12". */
export function dateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** A chart axis label for an interval start: "09:00" by hour, "Mon 2 Mar" by day. */
export function intervalLabel(iso: string, grouping: 'hour' | 'day', timeZone: string): string {
  const options: Intl.DateTimeFormatOptions =
    grouping === 'hour'
      ? { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
      : { timeZone, weekday: 'short', day: 'numeric', month: 'short' };
  return new Intl.DateTimeFormat('en-GB', options).format(new Date(iso));
}

/** "2026-03-02" → "Mon 2 Mar 2026" (a calendar day, so read as UTC). */
export function dayLabel(day: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}
