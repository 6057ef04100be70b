import type { ReportPeriod } from './report-intervals.ts';
import type { SqlParameters } from './sql-parameters.ts';

/**
 * A `period_calls` CTE: the calls the reports count (call-figures.ts, "Which calls"), each
 * with the service-level threshold its queue had when it was offered (or moved there) and the bucket its offer time falls in; needs the
 * `buckets` CTE (report-intervals.ts). `queueIds` narrows it to calls on those queues.
 */
export function periodCallsCte(period: ReportPeriod, p: SqlParameters, queueIds?: readonly string[]): string {
  return `period_calls as (
    select c.id, c.queue_id, c.offered_at, c.answered_at, c.ended_at, c.end_reason,
      coalesce(c.service_level_seconds, q.service_level_seconds) as service_level_seconds, b.start as bucket
    from calls c
    join queues q on q.id = c.queue_id
    join buckets b on c.offered_at >= b.start and c.offered_at < b.stop
    where c.direction = 'inbound'
      and c.offered_at >= ${p.add(period.from, 'timestamptz')} and c.offered_at < ${p.add(period.to, 'timestamptz')}
      ${queueIds ? `and c.queue_id = any(${p.add(queueIds, 'uuid[]')})` : ''}
  )`;
}
