/**
 * The contact center's calendar: its days begin at local midnight in its time zone
 * (TIME_ZONE, an IANA name), for "today" on the wallboard and in routing, and for the
 * local times in report exports. Intl does the zone arithmetic; no library needed.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return format;
}

interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  /** Local time minus UTC at that instant, in minutes (+60 for Paris in winter). */
  offsetMinutes: number;
}

/** What a clock on the wall in `timeZone` shows at `at` (to the second). */
function wallClock(at: Date, timeZone: string): WallClock {
  const parts = Object.fromEntries(formatOf(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  const offsetMinutes = Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second!, offsetMinutes };
}

/** The local date of `at` in `timeZone`, as YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  const { year, month, day } = wallClock(at, timeZone);
  return `${year}-${month}-${day}`;
}

/**
 * The instant the local day holding `at` began in `timeZone`: local midnight under the
 * offset in force before or after it, whichever is the earliest instant already on that
 * date. That covers 23- and 25-hour days, and zones whose clocks skip midnight itself
 * (Santiago in September: the day begins at 01:00).
 */
export function startOfLocalDay(at: Date, timeZone: string): Date {
  const { year, month, day } = wallClock(at, timeZone);
  const date = `${year}-${month}-${day}`;
  const midnightAsUtc = Date.UTC(+year, +month - 1, +day);
  const offsetAt = (ms: number) => wallClock(new Date(ms), timeZone).offsetMinutes * 60_000;
  const candidates = [midnightAsUtc - offsetAt(midnightAsUtc - 14 * 3_600_000), midnightAsUtc - offsetAt(midnightAsUtc + 14 * 3_600_000)];
  const onTheDate = candidates.filter((t) => localDate(new Date(t), timeZone) === date);
  return new Date(Math.min(...(onTheDate.length > 0 ? onTheDate : candidates)));
}

/** `at` as local ISO 8601 in `timeZone`, with its offset: 2026-03-02T10:00:00+01:00. */
export function localIso(at: Date, timeZone: string): string {
  const { year, month, day, hour, minute, second, offsetMinutes } = wallClock(at, timeZone);
  const abs = Math.abs(offsetMinutes);
  const offset =
    offsetMinutes === 0
      ? 'Z'
      : `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`;
}
