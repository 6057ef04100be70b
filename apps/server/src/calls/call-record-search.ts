import type { CallEndReason, CallRecordItem, CallRecordPage, CallRecordQuery, CallState } from '@cc/shared';
import { badRequest } from '../errors.ts';
import type { Queryable } from '../persistence/database.ts';

/**
 * Whose calls a searcher may see:
 * - all: admins.
 * - agent: calls that agent answered.
 * - supervisor: calls answered by agents in the teams they supervise, and calls nobody
 *   answered (abandoned, still waiting) in queues those agents are members of — the
 *   supervisor's share of the queue's misses, which is what they are asked to act on.
 */
export type CallRecordScope = { kind: 'all' } | { kind: 'agent'; agentId: string } | { kind: 'supervisor'; supervisorId: string };

export type SearchRow = {
  id: string;
  queue_id: string;
  queue_name: string;
  queue_display_name: string;
  agent_id: string | null;
  agent_display_name: string | null;
  channel: 'web' | 'pstn';
  caller_label: string;
  state: CallState;
  end_reason: CallEndReason | null;
  offered_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  cursor_at: string;
};

/** Reasons that mean the caller gave up before anyone answered (the reports count abandons by them too). */
export const CALLER_LEFT: readonly CallEndReason[] = ['abandoned', 'customer-hangup', 'customer-disconnected'];

/**
 * The SQL condition on `c` (a calls row) that admits the calls `scope` may see, or null
 * for all; `param` adds a query parameter. The call detail view applies the same rule.
 */
export function scopeCondition(scope: CallRecordScope, param: (value: unknown) => string): string | null {
  switch (scope.kind) {
    case 'all':
      return null;
    case 'agent':
      return `c.agent_id = ${param(scope.agentId)}`;
    case 'supervisor': {
      const s = param(scope.supervisorId);
      return `(c.agent_id in (select u.id from users u join team_supervisors t on t.team_id = u.team_id where t.user_id = ${s})
        or (c.agent_id is null and c.queue_id in (select m.queue_id from queue_members m join users u on u.id = m.user_id
              join team_supervisors t on t.team_id = u.team_id where t.user_id = ${s})))`;
    }
  }
}

/** Search over the call records, newest first, with a keyset cursor. */
export class CallRecordSearch {
  constructor(private readonly db: Queryable) {}

  async search(query: CallRecordQuery, scope: CallRecordScope): Promise<CallRecordPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const visible = scopeCondition(scope, param);
    if (visible) where.push(visible);
    if (query.from) where.push(`c.offered_at >= ${param(query.from)}::timestamptz`);
    if (query.to) where.push(`c.offered_at < ${param(query.to)}::timestamptz`);
    if (query.queueId) where.push(`c.queue_id = ${param(query.queueId)}`);
    if (query.agentId) where.push(`c.agent_id = ${param(query.agentId)}`);
    if (query.channel) where.push(`c.channel = ${param(query.channel)}`);
    if (query.endReason) where.push(`c.end_reason = ${param(query.endReason)}`);
    switch (query.outcome) {
      case 'answered':
        where.push('c.answered_at is not null');
        break;
      case 'abandoned':
        where.push(`c.answered_at is null and c.end_reason = any(${param(CALLER_LEFT)}::text[])`);
        break;
      case 'unanswered':
        where.push(`c.answered_at is null and c.state = 'ended'`);
        break;
      case 'active':
        where.push(`c.state <> 'ended'`);
        break;
    }
    const filters = where.length > 0 ? `where ${where.join(' and ')}` : '';
    const { rows: counted } = await this.db.query<{ n: number }>(`select count(*)::int as n from calls c ${filters}`, params);

    const pageWhere = [...where];
    if (query.cursor) {
      const { at, id } = decodeCursor(query.cursor);
      pageWhere.push(`(c.offered_at, c.id) < (${param(at)}::timestamptz, ${param(id)}::uuid)`);
    }
    // One row more than asked for says whether there is a next page.
    const { rows } = await this.db.query<SearchRow>(
      `select c.id, c.queue_id, q.name as queue_name, q.display_name as queue_display_name,
              c.agent_id, a.display_name as agent_display_name, c.channel, c.caller_label, c.state,
              c.end_reason, c.offered_at, c.answered_at, c.ended_at,
              to_char(c.offered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at
       from calls c join queues q on q.id = c.queue_id left join users a on a.id = c.agent_id
       ${pageWhere.length > 0 ? `where ${pageWhere.join(' and ')}` : ''}
       order by c.offered_at desc, c.id desc
       limit ${param(query.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toItem),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.cursor_at, last.id) : null,
      total: counted[0]?.n ?? 0,
    };
  }
}

const seconds = (from: Date, to: Date) => Math.round(to.getTime() - from.getTime()) / 1000;

export function toItem(r: SearchRow): CallRecordItem {
  const waitEnd = r.answered_at ?? r.ended_at;
  return {
    id: r.id,
    queue: { id: r.queue_id, name: r.queue_name, displayName: r.queue_display_name },
    agent: r.agent_id ? { id: r.agent_id, displayName: r.agent_display_name ?? '' } : null,
    channel: r.channel,
    callerLabel: r.caller_label,
    state: r.state,
    offeredAt: r.offered_at.toISOString(),
    answeredAt: r.answered_at?.toISOString() ?? null,
    endedAt: r.ended_at?.toISOString() ?? null,
    endReason: r.end_reason,
    waitSeconds: waitEnd ? seconds(r.offered_at, waitEnd) : null,
    talkSeconds: r.answered_at && r.ended_at ? seconds(r.answered_at, r.ended_at) : null,
  };
}

/**
 * The cursor carries the last row's offer time at the database's microsecond precision
 * (a JS Date would round it, and rows could be skipped or repeated) and its id.
 */
function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && uuid.test(id)) return { at, id };
  } catch {
    // Falls through to the 400 below.
  }
  throw badRequest('Invalid request: cursor: not a cursor this server issued');
}
