import type { ReportGrouping } from '@cc/shared';
import type { Queryable } from '../persistence/database.ts';
import type { SqlParameters } from './sql-parameters.ts';

/** What a report covers: [from, to), cut into intervals in a time zone, as known at `asOf`. */
export interface ReportPeriod {
  from: Date;
  to: Date;
  groupBy: ReportGrouping;
  /** An IANA name, validated by the shared ReportTimeZone schema. */
  timeZone: string;
  /** The report's "now": intervals still open (a call in progress, an agent in wrap-up) stop here. */
  asOf: Date;
}

/**
 * A `buckets(start, stop)` CTE: the period cut into its intervals, every one clipped to
 * [from, to), so a fact belongs to the bucket whose [start, stop) holds its time.
 * - total: one bucket, the period.
 * - day: local midnights in the time zone, stepped in local time (a DST day has 23 or 25 hours).
 * - hour: from the local hour that holds `from`, stepped in absolute hours (the session is
 *   UTC), so the hour repeated when clocks go back is two buckets, not one of two hours.
 */
export function bucketsCte(period: ReportPeriod, p: SqlParameters): string {
  const from = p.add(period.from, 'timestamptz');
  const to = p.add(period.to, 'timestamptz');
  if (period.groupBy === 'total') return `buckets as (select ${from} as start, ${to} as stop)`;
  const tz = p.add(period.timeZone, 'text');
  let starts: string;
  switch (period.groupBy) {
    case 'day':
      starts = `select d at time zone ${tz} as start, (d + interval '1 day') at time zone ${tz} as stop
        from generate_series(date_trunc('day', ${from} at time zone ${tz}), ${to} at time zone ${tz}, interval '1 day') d`;
      break;
    case 'hour':
      starts = `select h as start, h + interval '1 hour' as stop
        from generate_series(date_trunc('hour', ${from} at time zone ${tz}) at time zone ${tz}, ${to}, interval '1 hour') h`;
      break;
  }
  return `buckets as (
    select greatest(start, ${from}) as start, least(stop, ${to}) as stop
    from (${starts}) s where stop > ${from} and start < ${to})`;
}

/** Every interval of the period, in order (for zero-filled series). */
export async function listIntervals(db: Queryable, period: ReportPeriod, p: SqlParameters): Promise<Array<{ start: Date; stop: Date }>> {
  const { rows } = await db.query<{ start: Date; stop: Date }>(
    `with ${bucketsCte(period, p)} select start, stop from buckets order by start`,
    p.values,
  );
  return rows;
}
