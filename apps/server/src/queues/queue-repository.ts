import type { Queryable } from '../persistence/database.ts';

export interface QueueRecord {
  id: string;
  name: string;
  displayName: string;
  ringTimeoutMs: number;
  wrapUpMs: number;
}

type QueueRow = { id: string; name: string; display_name: string; ring_timeout_ms: number; wrap_up_ms: number };
const toRecord = (r: QueueRow): QueueRecord => ({
  id: r.id,
  name: r.name,
  displayName: r.display_name,
  ringTimeoutMs: r.ring_timeout_ms,
  wrapUpMs: r.wrap_up_ms,
});

export class QueueRepository {
  constructor(private readonly db: Queryable) {}

  async findByName(name: string): Promise<QueueRecord | null> {
    const { rows } = await this.db.query<QueueRow>('select * from queues where lower(name) = lower($1)', [name]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findById(id: string): Promise<QueueRecord | null> {
    const { rows } = await this.db.query<QueueRow>('select * from queues where id = $1', [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(): Promise<QueueRecord[]> {
    const { rows } = await this.db.query<QueueRow>('select * from queues order by name');
    return rows.map(toRecord);
  }

  async create(queue: QueueRecord): Promise<void> {
    await this.db.query(
      'insert into queues (id, name, display_name, ring_timeout_ms, wrap_up_ms) values ($1, $2, $3, $4, $5)',
      [queue.id, queue.name, queue.displayName, queue.ringTimeoutMs, queue.wrapUpMs],
    );
  }

  async addMember(queueId: string, userId: string, priority = 1): Promise<void> {
    await this.db.query(
      'insert into queue_members (queue_id, user_id, priority) values ($1, $2, $3) on conflict do nothing',
      [queueId, userId, priority],
    );
  }

  /** The queues an agent takes calls from. */
  async queueIdsOf(userId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ queue_id: string }>(
      'select queue_id from queue_members where user_id = $1 order by priority',
      [userId],
    );
    return rows.map((r) => r.queue_id);
  }
}
