import type { CallEndReason, CallState } from '@cc/shared';
import type { Queryable } from '../persistence/database.ts';

export interface NewCallRecord {
  id: string;
  queueId: string;
  channel: 'web' | 'pstn';
  callerLabel: string;
  offeredAt: Date;
  nodeId: string;
  /** Inbound unless an agent dialled out (then the record starts as dialing). */
  direction?: 'inbound' | 'outbound';
  /** The phone number at the far end of a phone call. */
  remoteNumber?: string | null;
}

export interface CallRecord extends NewCallRecord {
  agentId: string | null;
  state: CallState;
  endReason: CallEndReason | null;
  answeredAt: Date | null;
  endedAt: Date | null;
}

export interface CallEventRecord {
  at: Date;
  type: string;
  agentId: string | null;
  data: Record<string, unknown>;
}

type CallRow = {
  id: string;
  queue_id: string;
  channel: 'web' | 'pstn';
  caller_label: string;
  agent_id: string | null;
  state: CallState;
  end_reason: CallEndReason | null;
  offered_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  node_id: string;
  direction: 'inbound' | 'outbound';
  remote_number: string | null;
};

/** The durable call record and its append-only event log (one row per decision). */
export class CallRecordRepository {
  constructor(private readonly db: Queryable) {}

  async create(call: NewCallRecord): Promise<void> {
    await this.db.query(
      `insert into calls (id, queue_id, channel, caller_label, state, offered_at, node_id, direction, remote_number, service_level_seconds)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, (select q.service_level_seconds from queues q where q.id = $2))`,
      [
        call.id,
        call.queueId,
        call.channel,
        call.callerLabel,
        call.direction === 'outbound' ? 'dialing' : 'queued',
        call.offeredAt,
        call.nodeId,
        call.direction ?? 'inbound',
        call.remoteNumber ?? null,
      ],
    );
  }

  async markRinging(id: string): Promise<void> {
    await this.db.query(`update calls set state = 'ringing' where id = $1 and state in ('queued', 'dialing')`, [id]);
  }

  /**
   * A blind transfer: the call waits again, in `queueId`, until its next agent answers.
   * It is judged by that queue's service-level threshold from now on, as it counts there.
   */
  async markTransferred(id: string, queueId: string): Promise<void> {
    await this.db.query(
      `update calls set state = 'queued', queue_id = $2,
         service_level_seconds = (select q.service_level_seconds from queues q where q.id = $2)
       where id = $1 and state = 'connected'`,
      [id, queueId],
    );
  }

  async markRequeued(id: string): Promise<void> {
    await this.db.query(`update calls set state = 'queued' where id = $1 and state = 'ringing'`, [id]);
  }

  /** An overflow moved the call: the record counts it in the queue that handled it. */
  async markQueue(id: string, queueId: string): Promise<void> {
    await this.db.query(
      `update calls set queue_id = $2, service_level_seconds = (select q.service_level_seconds from queues q where q.id = $2)
       where id = $1`,
      [id, queueId],
    );
  }

  async markAnswered(id: string, agentId: string, at: Date): Promise<void> {
    await this.db.query(`update calls set state = 'connected', agent_id = $2, answered_at = coalesce(answered_at, $3) where id = $1`, [
      id,
      agentId,
      at,
    ]);
  }

  async markEnded(id: string, reason: CallEndReason, at: Date): Promise<void> {
    await this.db.query(
      `update calls set state = 'ended', end_reason = $2, ended_at = $3 where id = $1 and state <> 'ended'`,
      [id, reason, at],
    );
  }

  async appendEvent(callId: string, event: CallEventRecord): Promise<void> {
    await this.db.query('insert into call_events (call_id, at, type, agent_id, data) values ($1, $2, $3, $4, $5)', [
      callId,
      event.at,
      event.type,
      event.agentId,
      JSON.stringify(event.data),
    ]);
  }

  async find(id: string): Promise<CallRecord | null> {
    const { rows } = await this.db.query<CallRow>('select * from calls where id = $1', [id]);
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      queueId: r.queue_id,
      channel: r.channel,
      direction: r.direction,
      remoteNumber: r.remote_number,
      callerLabel: r.caller_label,
      agentId: r.agent_id,
      state: r.state,
      endReason: r.end_reason,
      offeredAt: r.offered_at,
      answeredAt: r.answered_at,
      endedAt: r.ended_at,
      nodeId: r.node_id,
    };
  }

  async events(callId: string): Promise<CallEventRecord[]> {
    const { rows } = await this.db.query<{ at: Date; type: string; agent_id: string | null; data: unknown }>(
      'select at, type, agent_id, data from call_events where call_id = $1 order by id',
      [callId],
    );
    return rows.map((r) => ({
      at: r.at,
      type: r.type,
      agentId: r.agent_id,
      data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
    }));
  }
}
