import type { QueueReport, QueueReportRow, QueueReportTotal } from '@cc/shared';
import { CALLER_LEFT } from '../calls/call-record-search.ts';
import type { Queryable } from '../persistence/database.ts';
import { type CallSums, callFigures, callSumColumns, callSumsOf, noCallSums } from './call-figures.ts';
import { handlingsCte } from './handling-sql.ts';
import { periodCallsCte } from './period-calls-sql.ts';
import { type ReportPeriod, bucketsCte, listIntervals } from './report-intervals.ts';
import { BucketSums, reportHeader, reportTable } from './report-table.ts';
import { SqlParameters } from './sql-parameters.ts';

type QueueSums = CallSums & { overflowed: number };
type Keyed = { queue_id: string | null; bucket: Date };

const noQueueSums = (): QueueSums => ({ ...noCallSums, overflowed: 0 });
const queueFigures = (s: QueueSums) => ({ ...callFigures(s), overflowed: s.overflowed });

/**
 * The queue report: figures per queue (and per hour or day), and totals across the
 * queues asked for. Definitions in call-figures.ts. Every queue may be reported on by
 * supervisors and admins alike, so there is no viewer here.
 */
export async function queueReport(db: Queryable, period: ReportPeriod, queueIds?: readonly string[]): Promise<QueueReport> {
  const [queues, intervals, callRows, overflowRows] = await Promise.all([
    listQueues(db, queueIds),
    listIntervals(db, period, new SqlParameters()),
    callSums(db, period, queueIds),
    overflowCounts(db, period, queueIds),
  ]);
  const sums = new BucketSums(noQueueSums);
  for (const row of callRows) Object.assign(sums.at(row.queue_id, row.bucket), callSumsOf(row));
  for (const row of overflowRows) sums.at(row.queue_id, row.bucket).overflowed = Number(row.overflowed);

  const table = reportTable(period, intervals, queues, sums);
  return {
    ...reportHeader(period),
    rows: table.rows.map(({ interval, subject, sums: s }): QueueReportRow => ({ interval, queue: subject, ...queueFigures(s) })),
    totals: table.totals.map(({ interval, sums: s }): QueueReportTotal => ({ interval, ...queueFigures(s) })),
  };
}

async function listQueues(db: Queryable, queueIds?: readonly string[]) {
  const p = new SqlParameters();
  const { rows } = await db.query<{ id: string; name: string; display_name: string }>(
    `select id, name, display_name from queues ${queueIds ? `where id = any(${p.add(queueIds, 'uuid[]')})` : ''}
     order by lower(display_name), id`,
    p.values,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, displayName: r.display_name }));
}

/** Per (queue, bucket) and per bucket across queues (queue_id null): the sums of call-figures.ts. */
async function callSums(db: Queryable, period: ReportPeriod, queueIds?: readonly string[]) {
  const p = new SqlParameters();
  const buckets = bucketsCte(period, p);
  const calls = periodCallsCte(period, p, queueIds);
  const asOf = p.add(period.asOf, 'timestamptz');
  const callerLeft = p.add(CALLER_LEFT, 'text[]');
  const c = callSumColumns;
  const { rows } = await db.query<Keyed & Record<string, unknown>>(
    `with ${buckets}, ${calls}, ${handlingsCte(asOf)},
    per_call as (
      select pc.*,
        (pc.answered_at is null and pc.end_reason = any(${callerLeft})) as abandoned,
        h.handled, h.talk_seconds, h.wrap_up_seconds
      from period_calls pc
      left join (
        select call_id, count(*) as handled, sum(talk_seconds) as talk_seconds, sum(wrap_up_seconds) as wrap_up_seconds
        from handlings where finished group by call_id
      ) h on h.call_id = pc.id
    )
    select queue_id, bucket,
      count(*)::int as ${c.offered},
      count(answered_at)::int as ${c.answered},
      count(*) filter (where abandoned)::int as ${c.abandoned},
      count(*) filter (where answered_at <= offered_at + make_interval(secs => service_level_seconds))::int as ${c.answeredWithinServiceLevel},
      coalesce(sum(extract(epoch from answered_at - offered_at)), 0)::float8 as ${c.answerWaitSeconds},
      coalesce(sum(extract(epoch from ended_at - offered_at)) filter (where abandoned), 0)::float8 as ${c.abandonedWaitSeconds},
      coalesce(sum(handled), 0)::int as ${c.handled},
      coalesce(sum(talk_seconds), 0)::float8 as ${c.talkSeconds},
      coalesce(sum(wrap_up_seconds), 0)::float8 as ${c.wrapUpSeconds}
    from per_call
    group by grouping sets ((queue_id, bucket), (bucket))`,
    p.values,
  );
  return rows;
}

/** Overflows out of each queue (the `from` of the call's `overflowed` events that moved it). */
async function overflowCounts(db: Queryable, period: ReportPeriod, queueIds?: readonly string[]) {
  const p = new SqlParameters();
  const buckets = bucketsCte(period, p);
  // Every period call: the queue filter applies to the queue the call overflowed from.
  const calls = periodCallsCte(period, p);
  const { rows } = await db.query<Keyed & { overflowed: number }>(
    `with ${buckets}, ${calls},
    moves as (
      select (e.data->>'from')::uuid as queue_id, pc.bucket
      from call_events e
      join period_calls pc on pc.id = e.call_id
      where e.type = 'overflowed' and e.data->>'to' is not null
    )
    select queue_id, bucket, count(*)::int as overflowed
    from moves ${queueIds ? `where queue_id = any(${p.add(queueIds, 'uuid[]')})` : ''}
    group by grouping sets ((queue_id, bucket), (bucket))`,
    p.values,
  );
  return rows;
}
