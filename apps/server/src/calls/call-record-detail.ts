import type { CallEventItem, CallRecordDetail } from '@cc/shared';
import type { Queryable } from '../persistence/database.ts';
import { type CallRecordScope, type SearchRow, scopeCondition, toItem } from './call-record-search.ts';

/** Log steps that carry keypad digits (card numbers, PINs): shown as dots, whoever asks. */
const DIGIT_EVENTS = new Set(['dtmf', 'dtmf-sent']);

/** One call's record and its log, for whoever may see it in the call search. */
export class CallRecordDetails {
  constructor(private readonly db: Queryable) {}

  /** Null when the call does not exist or is outside the searcher's scope. */
  async find(id: string, scope: CallRecordScope): Promise<CallRecordDetail | null> {
    const params: unknown[] = [id];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const visible = scopeCondition(scope, param);
    const { rows } = await this.db.query<SearchRow & { direction: 'inbound' | 'outbound'; remote_number: string | null }>(
      `select c.id, c.queue_id, q.name as queue_name, q.display_name as queue_display_name,
              c.agent_id, a.display_name as agent_display_name, c.channel, c.caller_label, c.state,
              c.end_reason, c.offered_at, c.answered_at, c.ended_at, c.direction, c.remote_number, '' as cursor_at
       from calls c join queues q on q.id = c.queue_id left join users a on a.id = c.agent_id
       where c.id = $1 ${visible ? `and ${visible}` : ''}`,
      params,
    );
    const row = rows[0];
    if (!row) return null;
    const { rows: events } = await this.db.query<{ at: Date; type: string; agent_id: string | null; display_name: string | null; data: unknown }>(
      `select e.at, e.type, e.agent_id, u.display_name, e.data
       from call_events e left join users u on u.id = e.agent_id
       where e.call_id = $1 order by e.at, e.id`,
      [id],
    );
    return {
      ...toItem(row),
      direction: row.direction,
      remoteNumber: row.remote_number,
      events: events.map(toEventItem),
    };
  }
}

function toEventItem(r: { at: Date; type: string; agent_id: string | null; display_name: string | null; data: unknown }): CallEventItem {
  const data = (typeof r.data === 'string' ? JSON.parse(r.data) : (r.data ?? {})) as Record<string, unknown>;
  if (DIGIT_EVENTS.has(r.type)) {
    for (const key of ['digit', 'digits']) {
      if (typeof data[key] === 'string' || typeof data[key] === 'number') data[key] = '•'.repeat(String(data[key]).length);
    }
  }
  return {
    at: r.at.toISOString(),
    type: r.type,
    agent: r.agent_id ? { id: r.agent_id, displayName: r.display_name ?? '' } : null,
    data,
  };
}
