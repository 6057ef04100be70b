import type { ReportInterval } from '@cc/shared';
import type { ReportPeriod } from './report-intervals.ts';

/**
 * Sums per (subject, bucket) — a subject is a queue or an agent — and per bucket across
 * the subjects (subject null), as the report queries' grouping sets return them. A sum
 * read before any row added to it starts from `empty()`.
 */
export class BucketSums<S> {
  private readonly sums = new Map<string, S>();

  constructor(readonly empty: () => S) {}

  /** The sums of `subjectId` (null: all subjects) in the bucket starting at `bucket`, made on first use. */
  at(subjectId: string | null, bucket: Date): S {
    const key = BucketSums.key(subjectId, bucket);
    let entry = this.sums.get(key);
    if (!entry) this.sums.set(key, (entry = this.empty()));
    return entry;
  }

  /** The sums if any row touched them, else undefined (no calls, no time). */
  find(subjectId: string | null, bucket: Date): S | undefined {
    return this.sums.get(BucketSums.key(subjectId, bucket));
  }

  private static key(subjectId: string | null, bucket: Date): string {
    return `${subjectId ?? '*'}|${bucket.toISOString()}`;
  }
}

/**
 * A report's rows and totals, in interval order, subjects in the order given. Whole-period
 * reports list every subject (zeros included); hour and day rows only the subjects with
 * sums in that interval. Every interval has a total, zeros included.
 */
export function reportTable<Subject extends { id: string }, S>(
  period: ReportPeriod,
  intervals: ReadonlyArray<{ start: Date; stop: Date }>,
  subjects: readonly Subject[],
  sums: BucketSums<S>,
): { rows: Array<{ interval: ReportInterval; subject: Subject; sums: S }>; totals: Array<{ interval: ReportInterval; sums: S }> } {
  const rows: Array<{ interval: ReportInterval; subject: Subject; sums: S }> = [];
  const totals: Array<{ interval: ReportInterval; sums: S }> = [];
  for (const { start, stop } of intervals) {
    const interval = period.groupBy === 'total' ? null : { start: start.toISOString(), end: stop.toISOString() };
    for (const subject of subjects) {
      const found = sums.find(subject.id, start);
      if (!found && period.groupBy !== 'total') continue;
      rows.push({ interval, subject, sums: found ?? sums.empty() });
    }
    totals.push({ interval, sums: sums.find(null, start) ?? sums.empty() });
  }
  return { rows, totals };
}

/** The fields every report starts with (the shared reportHeader). */
export function reportHeader(period: ReportPeriod) {
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    timeZone: period.timeZone,
    groupBy: period.groupBy,
    generatedAt: period.asOf.toISOString(),
  };
}
