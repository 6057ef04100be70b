import { conflict } from '../errors.ts';
import type { Queryable } from '../persistence/database.ts';
import { isUniqueViolation } from '../persistence/database-errors.ts';

/** A phone number (DID) and where its calls go, with the queue's name for the gateway. */
export interface PhoneNumberEntry {
  /** Digits with an optional leading +, exactly as stored. */
  number: string;
  queueId: string;
  queueName: string;
  trunkId: string | null;
  label: string | null;
}

export interface PhoneNumberSettings {
  queueId: string;
  trunkId: string | null;
  label: string | null;
}

type EntryRow = { number: string; queue_id: string; queue_name: string; trunk_id: string | null; label: string | null };

const toEntry = (r: EntryRow): PhoneNumberEntry => ({
  number: r.number,
  queueId: r.queue_id,
  queueName: r.queue_name,
  trunkId: r.trunk_id,
  label: r.label,
});

const selectEntries = `select p.number, p.queue_id, q.name as queue_name, p.trunk_id, p.label
  from phone_numbers p join queues q on q.id = p.queue_id`;

/** Settings field → column, for update. */
const columns: ReadonlyArray<[keyof PhoneNumberSettings, string]> = [
  ['queueId', 'queue_id'],
  ['trunkId', 'trunk_id'],
  ['label', 'label'],
];

/**
 * The phone numbers callers dial, each routed to one queue. Unknown queue or trunk ids
 * fail with a foreign-key violation: callers check them first to word the error.
 */
export class PhoneNumberRepository {
  constructor(private readonly db: Queryable) {}

  /** An exact match on the stored digits ("+4930123456" does not find "4930123456"). */
  async findByNumber(number: string): Promise<PhoneNumberEntry | null> {
    const { rows } = await this.db.query<EntryRow>(`${selectEntries} where p.number = $1`, [number]);
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async list(): Promise<PhoneNumberEntry[]> {
    const { rows } = await this.db.query<EntryRow>(`${selectEntries} order by p.number`);
    return rows.map(toEntry);
  }

  /** The numbers that lead to a queue (a queue with any cannot be deleted). */
  async numbersOfQueue(queueId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ number: string }>(
      'select number from phone_numbers where queue_id = $1 order by number',
      [queueId],
    );
    return rows.map((r) => r.number);
  }

  /** A number already assigned is a conflict. */
  async create(number: string, settings: PhoneNumberSettings): Promise<PhoneNumberEntry> {
    try {
      await this.db.query('insert into phone_numbers (number, queue_id, trunk_id, label) values ($1, $2, $3, $4)', [
        number,
        settings.queueId,
        settings.trunkId,
        settings.label,
      ]);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`The number ${number} is already assigned.`);
      throw error;
    }
    return (await this.findByNumber(number))!;
  }

  /** Changes only the fields given; null when there is no such number. */
  async update(number: string, patch: Partial<PhoneNumberSettings>): Promise<PhoneNumberEntry | null> {
    const set = columns.filter(([field]) => patch[field] !== undefined);
    if (set.length > 0) {
      await this.db.query(
        `update phone_numbers set ${set.map(([, c], i) => `${c} = $${i + 2}`).join(', ')} where number = $1`,
        [number, ...set.map(([field]) => patch[field])],
      );
    }
    return this.findByNumber(number);
  }

  /** False when there is no such number. */
  async remove(number: string): Promise<boolean> {
    const { rows } = await this.db.query('delete from phone_numbers where number = $1 returning number', [number]);
    return rows.length > 0;
  }
}
