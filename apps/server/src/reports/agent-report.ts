import type { AgentFigures, AgentReport, AgentReportRow, AgentReportTotal } from '@cc/shared';
import { CALLER_LEFT } from '../calls/call-record-search.ts';
import type { Queryable } from '../persistence/database.ts';
import { type CallSums, callFigures, callSumColumns, callSumsOf, noCallSums, roundSeconds, shareOf } from './call-figures.ts';
import { handlingsCte } from './handling-sql.ts';
import { periodCallsCte } from './period-calls-sql.ts';
import { type ReportPeriod, bucketsCte, listIntervals } from './report-intervals.ts';
import { BucketSums, reportHeader, reportTable } from './report-table.ts';
import { SqlParameters } from './sql-parameters.ts';

/**
 * Seconds in each agent state, over the part of an interval the report covers. The
 * wrap-up state time is not the handlings' wrap-up of CallSums (AHT): a handling's
 * wrap-up counts wholly with its call, state time only inside the interval.
 */
interface StateSums {
  signedInSeconds: number;
  onCallSeconds: number;
  wrapUpStateSeconds: number;
  awaySeconds: number;
}
type AgentSums = CallSums & StateSums & { missed: number };
type Keyed = { agent_id: string | null; bucket: Date };

const noAgentSums = (): AgentSums => ({
  ...noCallSums,
  missed: 0,
  signedInSeconds: 0,
  onCallSeconds: 0,
  wrapUpStateSeconds: 0,
  awaySeconds: 0,
});

/** Statuses that count as signed in for occupancy: everything but away and offline. */
const SIGNED_IN = ['available', 'ringing', 'on-call', 'wrap-up'];
const MISSED_OFFERS = ['offer-timeout', 'offer-declined', 'offer-agent-gone'];

/**
 * The agent report: figures per agent (and per hour or day), and totals across them.
 * `agentIds` are the agents the viewer may see and asked for (the route decides), null
 * for every user with the agent role. `queueIds` narrows the call figures only: an agent's
 * time in each state is not tied to a queue. Definitions in call-figures.ts.
 */
export async function agentReport(
  db: Queryable,
  period: ReportPeriod,
  filter: { agentIds: readonly string[] | null; queueIds?: readonly string[] },
): Promise<AgentReport> {
  const agents = await listAgents(db, filter.agentIds);
  const ids = agents.map((a) => a.id);
  const [intervals, eventRows, handlingRows, stateRows] = await Promise.all([
    listIntervals(db, period, new SqlParameters()),
    offerSums(db, period, ids, filter.queueIds),
    handlingSums(db, period, ids, filter.queueIds),
    stateSums(db, period, ids),
  ]);
  const sums = new BucketSums(noAgentSums);
  for (const row of eventRows) {
    const s = callSumsOf(row);
    Object.assign(sums.at(row.agent_id, row.bucket), {
      offered: s.offered,
      answered: s.answered,
      abandoned: s.abandoned,
      answeredWithinServiceLevel: s.answeredWithinServiceLevel,
      answerWaitSeconds: s.answerWaitSeconds,
      abandonedWaitSeconds: s.abandonedWaitSeconds,
      missed: Number(row.missed),
    });
  }
  for (const row of handlingRows) {
    const { handled, talkSeconds, wrapUpSeconds } = callSumsOf(row);
    Object.assign(sums.at(row.agent_id, row.bucket), { handled, talkSeconds, wrapUpSeconds });
  }
  for (const row of stateRows) {
    Object.assign(sums.at(row.agent_id, row.bucket), {
      signedInSeconds: Number(row.signed_in_seconds),
      onCallSeconds: Number(row.on_call_seconds),
      wrapUpStateSeconds: Number(row.wrap_up_state_seconds),
      awaySeconds: Number(row.away_seconds),
    });
  }

  // Hour and day rows: the agents with calls or time in that interval.
  const table = reportTable(period, intervals, agents, sums);
  return {
    ...reportHeader(period),
    rows: table.rows.map(({ interval, subject, sums: s }): AgentReportRow => ({ interval, agent: subject, ...agentFigures(s) })),
    totals: table.totals.map(({ interval, sums: s }): AgentReportTotal => ({ interval, ...agentFigures(s) })),
  };
}

function agentFigures(s: AgentSums): AgentFigures {
  return {
    ...callFigures(s),
    missed: s.missed,
    signedInSeconds: roundSeconds(s.signedInSeconds),
    onCallSeconds: roundSeconds(s.onCallSeconds),
    wrapUpSeconds: roundSeconds(s.wrapUpStateSeconds),
    awaySeconds: roundSeconds(s.awaySeconds),
    occupancy: shareOf(s.onCallSeconds + s.wrapUpStateSeconds, s.signedInSeconds),
  };
}

async function listAgents(db: Queryable, agentIds: readonly string[] | null) {
  const p = new SqlParameters();
  const { rows } = await db.query<{ id: string; display_name: string; team_name: string | null }>(
    `select u.id, u.display_name, t.name as team_name
     from users u left join teams t on t.id = u.team_id
     where ${agentIds ? `u.id = any(${p.add(agentIds, 'uuid[]')})` : `u.role = 'agent'`}
     order by lower(u.display_name), u.id`,
    p.values,
  );
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, teamName: r.team_name }));
}

/** Offers, answers, abandons and misses at each agent, with the waits at the agent. */
async function offerSums(db: Queryable, period: ReportPeriod, agentIds: readonly string[], queueIds?: readonly string[]) {
  const p = new SqlParameters();
  const buckets = bucketsCte(period, p);
  const calls = periodCallsCte(period, p, queueIds);
  const agents = p.add(agentIds, 'uuid[]');
  const callerLeft = p.add(CALLER_LEFT, 'text[]');
  const missed = p.add(MISSED_OFFERS, 'text[]');
  const c = callSumColumns;
  const { rows } = await db.query<Keyed & Record<string, unknown>>(
    `with ${buckets}, ${calls},
    agent_events as (
      select e.agent_id, pc.bucket, e.type,
        (e.type = 'offer-customer-hangup' and pc.end_reason = any(${callerLeft})) as abandoned,
        pc.service_level_seconds,
        extract(epoch from e.at - coalesce(t.at, pc.offered_at))::float8 as waited
      from call_events e
      join period_calls pc on pc.id = e.call_id
      left join lateral (
        select max(x.at) as at from call_events x
        where x.call_id = e.call_id and x.type = 'transferred' and x.at <= e.at
      ) t on true
      where e.agent_id = any(${agents})
        and e.type in ('offered', 'answered', 'offer-customer-hangup', 'offer-timeout', 'offer-declined', 'offer-agent-gone')
    )
    select agent_id, bucket,
      count(*) filter (where type = 'offered')::int as ${c.offered},
      count(*) filter (where type = 'answered')::int as ${c.answered},
      count(*) filter (where abandoned)::int as ${c.abandoned},
      count(*) filter (where type = any(${missed}))::int as missed,
      count(*) filter (where type = 'answered' and waited <= service_level_seconds)::int as ${c.answeredWithinServiceLevel},
      coalesce(sum(waited) filter (where type = 'answered'), 0)::float8 as ${c.answerWaitSeconds},
      coalesce(sum(waited) filter (where abandoned), 0)::float8 as ${c.abandonedWaitSeconds}
    from agent_events
    group by grouping sets ((agent_id, bucket), (bucket))`,
    p.values,
  );
  return rows;
}

/** Finished handlings of each agent: count, talk and wrap-up. */
async function handlingSums(db: Queryable, period: ReportPeriod, agentIds: readonly string[], queueIds?: readonly string[]) {
  const p = new SqlParameters();
  const buckets = bucketsCte(period, p);
  const calls = periodCallsCte(period, p, queueIds);
  const asOf = p.add(period.asOf, 'timestamptz');
  const agents = p.add(agentIds, 'uuid[]');
  const c = callSumColumns;
  const { rows } = await db.query<Keyed & Record<string, unknown>>(
    `with ${buckets}, ${calls}, ${handlingsCte(asOf)}
    select h.agent_id, pc.bucket,
      count(*)::int as ${c.handled},
      sum(h.talk_seconds)::float8 as ${c.talkSeconds},
      sum(h.wrap_up_seconds)::float8 as ${c.wrapUpSeconds}
    from handlings h join period_calls pc on pc.id = h.call_id
    where h.finished and h.agent_id = any(${agents})
    group by grouping sets ((h.agent_id, pc.bucket), (pc.bucket))`,
    p.values,
  );
  return rows;
}

/**
 * Time in each state, per agent and bucket: every state change opens a span lasting until
 * the agent's next change (or the report's time), cut at the buckets' edges. Only the
 * changes inside the period and the last one before it are read.
 */
async function stateSums(db: Queryable, period: ReportPeriod, agentIds: readonly string[]) {
  const p = new SqlParameters();
  const buckets = bucketsCte(period, p);
  const from = p.add(period.from, 'timestamptz');
  const to = p.add(period.to, 'timestamptz');
  const asOf = p.add(period.asOf, 'timestamptz');
  const agents = p.add(agentIds, 'uuid[]');
  const signedIn = p.add(SIGNED_IN, 'text[]');
  const part = `extract(epoch from least(sp.stop, b.stop) - greatest(sp.start, b.start))`;
  const { rows } = await db.query<
    Keyed & { signed_in_seconds: number; on_call_seconds: number; wrap_up_state_seconds: number; away_seconds: number }
  >(
    `with ${buckets},
    changes as (
      select s.id, s.user_id, s.at, s.status from agent_state_changes s
      where s.user_id = any(${agents}) and s.at < ${to}
        and (s.at >= ${from} or s.id in (
          select distinct on (user_id) id from agent_state_changes
          where user_id = any(${agents}) and at < ${from}
          order by user_id, at desc, id desc))
    ),
    spans as (
      select user_id, status, at as start, coalesce(lead(at) over (partition by user_id order by at, id), ${asOf}) as stop
      from changes
    )
    select sp.user_id as agent_id, b.start as bucket,
      coalesce(sum(${part}) filter (where sp.status = any(${signedIn})), 0)::float8 as signed_in_seconds,
      coalesce(sum(${part}) filter (where sp.status = 'on-call'), 0)::float8 as on_call_seconds,
      coalesce(sum(${part}) filter (where sp.status = 'wrap-up'), 0)::float8 as wrap_up_state_seconds,
      coalesce(sum(${part}) filter (where sp.status = 'away'), 0)::float8 as away_seconds
    from spans sp join buckets b on sp.start < b.stop and sp.stop > b.start
    where sp.stop > sp.start and sp.status <> 'offline'
    group by grouping sets ((sp.user_id, b.start), (b.start))`,
    p.values,
  );
  return rows;
}
