/**
 * CTEs `talk_spans` and `handlings(call_id, agent_id, talk_seconds, wrap_up_seconds, finished)`:
 * one row per agent per call of `period_calls` (a CTE with an `id` column), as defined in
 * call-figures.ts. `asOf` is the placeholder of the report's time.
 *
 * The call log says who has the customer: an `answered` event gives the call to its
 * agent, a `consult-completed` or `conference-left` to the colleague in `data.to`; the
 * next such event, a `transferred` or the `ended` event closes that span. A span still
 * open (the call goes on) has no stop, and its handling is not finished.
 */
export function handlingsCte(asOf: string): string {
  return `
  owner_changes as (
    select e.call_id, e.id, e.at,
      case e.type
        when 'answered' then e.agent_id
        when 'consult-completed' then (e.data->>'to')::uuid
        when 'conference-left' then (e.data->>'to')::uuid
      end as agent_id
    from call_events e
    where e.call_id in (select id from period_calls)
      and e.type in ('answered', 'consult-completed', 'conference-left', 'transferred', 'ended')
  ),
  talk_spans as (
    select call_id, agent_id, at as start, lead(at) over (partition by call_id order by at, id) as stop
    from owner_changes
  ),
  talk as (
    select call_id, agent_id,
      coalesce(sum(extract(epoch from stop - start)), 0)::float8 as talk_seconds,
      bool_and(stop is not null) as finished
    from talk_spans where agent_id is not null
    group by call_id, agent_id
  ),
  wrap_up as (
    select s.call_id, s.user_id as agent_id,
      sum(extract(epoch from coalesce(n.at, ${asOf}) - s.at))::float8 as wrap_up_seconds
    from agent_state_changes s
    left join lateral (
      select x.at from agent_state_changes x
      where x.user_id = s.user_id and (x.at, x.id) > (s.at, s.id)
      order by x.at, x.id limit 1
    ) n on true
    where s.status = 'wrap-up' and s.call_id in (select id from period_calls)
    group by s.call_id, s.user_id
  ),
  handlings as (
    select t.call_id, t.agent_id, t.talk_seconds, coalesce(w.wrap_up_seconds, 0)::float8 as wrap_up_seconds, t.finished
    from talk t left join wrap_up w on w.call_id = t.call_id and w.agent_id = t.agent_id
  )`;
}
