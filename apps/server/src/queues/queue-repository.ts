import type {
  AdminQueue,
  OverflowAction,
  Queue,
  QueueInput,
  QueueMembership,
  RecordingPolicy,
  RoutingStrategy,
  SkillRequirement,
} from '@cc/shared';
import { conflict } from '../errors.ts';
import type { Queryable } from '../persistence/database.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../persistence/database-errors.ts';
import { fromJsonb } from '../persistence/jsonb.ts';

type QueueRow = {
  id: string;
  name: string;
  display_name: string;
  strategy: RoutingStrategy;
  required_skills: unknown;
  ring_timeout_ms: number;
  wrap_up_ms: number;
  max_waiting_calls: number | null;
  max_wait_ms: number | null;
  overflow: unknown;
  priority: number;
  priority_aging_per_minute: number;
  service_level_seconds: number;
  outbound_caller_id: string | null;
  recording_policy: RecordingPolicy;
};

const toQueue = (r: QueueRow): AdminQueue => ({
  id: r.id,
  name: r.name,
  displayName: r.display_name,
  strategy: r.strategy,
  requiredSkills: fromJsonb<SkillRequirement[]>(r.required_skills),
  ringTimeoutMs: r.ring_timeout_ms,
  wrapUpMs: r.wrap_up_ms,
  maxWaitingCalls: r.max_waiting_calls,
  maxWaitMs: r.max_wait_ms,
  overflow: fromJsonb<OverflowAction>(r.overflow),
  priority: r.priority,
  priorityAgingPerMinute: Number(r.priority_aging_per_minute),
  serviceLevelSeconds: r.service_level_seconds,
  outboundCallerId: r.outbound_caller_id,
  recordingPolicy: r.recording_policy,
});

/** Settings field → column, in one place for insert and update. */
const columns: ReadonlyArray<[keyof QueueInput, string, 'json'?]> = [
  ['name', 'name'],
  ['displayName', 'display_name'],
  ['strategy', 'strategy'],
  ['requiredSkills', 'required_skills', 'json'],
  ['ringTimeoutMs', 'ring_timeout_ms'],
  ['wrapUpMs', 'wrap_up_ms'],
  ['maxWaitingCalls', 'max_waiting_calls'],
  ['maxWaitMs', 'max_wait_ms'],
  ['overflow', 'overflow', 'json'],
  ['priority', 'priority'],
  ['priorityAgingPerMinute', 'priority_aging_per_minute'],
  ['serviceLevelSeconds', 'service_level_seconds'],
  ['outboundCallerId', 'outbound_caller_id'],
  ['recordingPolicy', 'recording_policy'],
];

const nameTaken = (name: string) => conflict(`A queue named "${name}" already exists.`);
const phoneNumbersLeadHere = (numbers: string[]) => {
  const shown = numbers.length > 5 ? `${numbers.slice(0, 5).join(', ')}, …` : numbers.join(', ');
  return conflict(
    `Phone numbers lead to this queue${shown ? ` (${shown})` : ''}; move them to another queue or delete them first.`,
  );
};

/**
 * Queues with their full routing and telephony settings, and which agents take calls
 * from them. Reads return AdminQueue, which routing code may use as a plain Queue.
 */
export class QueueRepository {
  constructor(private readonly db: Queryable) {}

  async findByName(name: string): Promise<AdminQueue | null> {
    const { rows } = await this.db.query<QueueRow>('select * from queues where lower(name) = lower($1)', [name]);
    return rows[0] ? toQueue(rows[0]) : null;
  }

  async findById(id: string): Promise<AdminQueue | null> {
    const { rows } = await this.db.query<QueueRow>('select * from queues where id = $1', [id]);
    return rows[0] ? toQueue(rows[0]) : null;
  }

  async list(): Promise<AdminQueue[]> {
    const { rows } = await this.db.query<QueueRow>('select * from queues order by name');
    return rows.map(toQueue);
  }

  /**
   * Throws a conflict when the name is taken, ignoring case. No outboundCallerId: none;
   * no recordingPolicy: 'none'.
   */
  async create(
    input: Queue & { outboundCallerId?: string | null; recordingPolicy?: RecordingPolicy },
  ): Promise<AdminQueue> {
    const queue: AdminQueue = {
      ...input,
      outboundCallerId: input.outboundCallerId ?? null,
      recordingPolicy: input.recordingPolicy ?? 'none',
    };
    await this.assertNameFree(queue.name, null);
    const values = columns.map(([field, , kind]) => (kind === 'json' ? JSON.stringify(queue[field]) : queue[field]));
    const placeholders = columns.map((_, i) => `$${i + 2}`).join(', ');
    try {
      await this.db.query(
        `insert into queues (id, ${columns.map(([, c]) => c).join(', ')}) values ($1, ${placeholders})`,
        [queue.id, ...values],
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(queue.name);
      throw error;
    }
    return queue;
  }

  /** Changes only the fields given; null when there is no such queue. */
  async update(id: string, patch: Partial<QueueInput>): Promise<AdminQueue | null> {
    if (patch.name !== undefined) await this.assertNameFree(patch.name, id);
    const set = columns.filter(([field]) => patch[field] !== undefined);
    if (set.length === 0) return this.findById(id);
    const values = set.map(([field, , kind]) => (kind === 'json' ? JSON.stringify(patch[field]) : patch[field]));
    try {
      const { rows } = await this.db.query<QueueRow>(
        `update queues set ${set.map(([, c], i) => `${c} = $${i + 2}`).join(', ')} where id = $1 returning *`,
        [id, ...values],
      );
      return rows[0] ? toQueue(rows[0]) : null;
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(patch.name ?? '');
      throw error;
    }
  }

  /**
   * False when there is no such queue. A queue with call history, that another queue
   * overflows to, or that phone numbers lead to, is a conflict: the history would lose
   * its queue, and callers would dial into nothing.
   */
  async delete(id: string): Promise<boolean> {
    const { rows: calls } = await this.db.query('select 1 from calls where queue_id = $1 limit 1', [id]);
    if (calls.length > 0) throw conflict('The queue has call records, so it cannot be deleted.');
    const { rows: overflowing } = await this.db.query<{ name: string }>(
      `select name from queues where overflow->>'kind' = 'queue' and overflow->>'queueId' = $1::text and id <> $1::uuid`,
      [id],
    );
    if (overflowing[0]) throw conflict(`The queue "${overflowing[0].name}" overflows to this queue.`);
    const { rows: numbers } = await this.db.query<{ number: string }>(
      'select number from phone_numbers where queue_id = $1 order by number limit 6',
      [id],
    );
    if (numbers.length > 0) throw phoneNumbersLeadHere(numbers.map((n) => n.number));
    try {
      const { rows } = await this.db.query('delete from queues where id = $1 returning id', [id]);
      return rows.length > 0;
    } catch (error) {
      // A number assigned between the check and the delete (phone_numbers restricts it).
      if (isForeignKeyViolation(error)) throw phoneNumbersLeadHere([]);
      throw error;
    }
  }

  /** Which of the queue's calls are recorded; null when there is no such queue. */
  async recordingPolicyOf(queueId: string): Promise<RecordingPolicy | null> {
    const { rows } = await this.db.query<{ recording_policy: RecordingPolicy }>(
      'select recording_policy from queues where id = $1',
      [queueId],
    );
    return rows[0]?.recording_policy ?? null;
  }

  /** Adds one agent to one queue (the seed); an existing membership is left as it is. */
  async addMember(queueId: string, userId: string, tier = 1): Promise<void> {
    await this.db.query(
      'insert into queue_members (queue_id, user_id, tier) values ($1, $2, $3) on conflict do nothing',
      [queueId, userId, tier],
    );
  }

  /** The queues an agent takes calls from, lowest tier first. */
  async queueIdsOf(userId: string): Promise<string[]> {
    return (await this.membershipsOf(userId)).map((m) => m.queueId);
  }

  /** An agent's queues with their tiers, lowest tier (offered first) first. */
  async membershipsOf(userId: string): Promise<QueueMembership[]> {
    const { rows } = await this.db.query<{ queue_id: string; tier: number }>(
      'select queue_id, tier from queue_members where user_id = $1 order by tier, queue_id',
      [userId],
    );
    return rows.map((r) => ({ queueId: r.queue_id, tier: r.tier }));
  }

  /** The agents who take calls from this queue. */
  async memberIdsOf(queueId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ user_id: string }>(
      'select user_id from queue_members where queue_id = $1 order by tier, user_id',
      [queueId],
    );
    return rows.map((r) => r.user_id);
  }

  /** Memberships of several users at once (admin lists), keyed by user id. */
  async membershipsOfUsers(userIds: readonly string[]): Promise<Map<string, QueueMembership[]>> {
    const byUser = new Map<string, QueueMembership[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return byUser;
    const { rows } = await this.db.query<{ user_id: string; queue_id: string; tier: number }>(
      'select user_id, queue_id, tier from queue_members where user_id = any($1::uuid[]) order by tier, queue_id',
      [userIds],
    );
    for (const r of rows) byUser.get(r.user_id)?.push({ queueId: r.queue_id, tier: r.tier });
    return byUser;
  }

  /**
   * Replaces the agent's memberships with exactly these. Run it in a transaction with
   * whatever else changes the agent, so a failure leaves the old set.
   * An unknown queue id fails with a foreign-key violation.
   */
  async setMemberships(userId: string, memberships: readonly QueueMembership[]): Promise<void> {
    await this.db.query('delete from queue_members where user_id = $1', [userId]);
    for (const m of memberships) {
      await this.db.query('insert into queue_members (queue_id, user_id, tier) values ($1, $2, $3)', [
        m.queueId,
        userId,
        m.tier,
      ]);
    }
  }

  private async assertNameFree(name: string, exceptId: string | null): Promise<void> {
    const existing = await this.findByName(name);
    if (existing && existing.id !== exceptId) throw nameTaken(name);
  }
}
