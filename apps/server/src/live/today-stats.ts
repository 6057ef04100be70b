import type { HourlyCalls, QueueToday } from '@cc/shared';
import type { Queryable } from '../persistence/database.ts';

export const emptyToday: QueueToday = {
  offered: 0,
  answered: 0,
  abandoned: 0,
  answeredWithinServiceLevel: 0,
  serviceLevel: null,
  averageSpeedOfAnswerSeconds: null,
  averageHandleSeconds: null,
};

type QueueRow = {
  queue_id: string;
  offered: number;
  answered: number;
  abandoned: number;
  within: number;
  asa: number | null;
  aht: number | null;
};

type HourRow = { hour: number; offered: number; answered: number; abandoned: number };

/**
 * Today's wallboard figures, straight from the call records (every node writes them, so
 * every node computes the same). Inbound calls offered since `dayStart`; a transferred
 * call counts once, in the queue it is in now, with its first answer.
 */
export class TodayStats {
  constructor(private readonly db: Queryable) {}

  async byQueue(dayStart: Date): Promise<Map<string, QueueToday>> {
    const { rows } = await this.db.query<QueueRow>(
      `select c.queue_id,
         count(*)::int as offered,
         count(c.answered_at)::int as answered,
         (count(*) filter (where c.answered_at is null and c.end_reason = 'abandoned'))::int as abandoned,
         (count(*) filter (where extract(epoch from c.answered_at - c.offered_at)
           <= coalesce(c.service_level_seconds, q.service_level_seconds)))::int as within,
         (avg(extract(epoch from c.answered_at - c.offered_at)))::float8 as asa,
         (avg(extract(epoch from c.ended_at - c.answered_at)) filter (where c.ended_at is not null))::float8 as aht
       from calls c join queues q on q.id = c.queue_id
       where c.offered_at >= $1 and c.direction = 'inbound'
       group by c.queue_id`,
      [dayStart],
    );
    return new Map(
      rows.map((r) => {
        const outcomes = r.answered + r.abandoned;
        return [
          r.queue_id,
          {
            offered: r.offered,
            answered: r.answered,
            abandoned: r.abandoned,
            answeredWithinServiceLevel: r.within,
            serviceLevel: outcomes > 0 ? r.within / outcomes : null,
            averageSpeedOfAnswerSeconds: r.asa === null ? null : Number(r.asa),
            averageHandleSeconds: r.aht === null ? null : Number(r.aht),
          },
        ];
      }),
    );
  }

  /** Every hour from `dayStart` to the one `now` is in, all queues together. */
  async hourly(dayStart: Date, now: Date): Promise<HourlyCalls[]> {
    const { rows } = await this.db.query<HourRow>(
      `select floor(extract(epoch from offered_at - $1::timestamptz) / 3600)::int as hour,
         count(*)::int as offered,
         count(answered_at)::int as answered,
         (count(*) filter (where answered_at is null and end_reason = 'abandoned'))::int as abandoned
       from calls
       where offered_at >= $1 and direction = 'inbound'
       group by 1`,
      [dayStart],
    );
    const byHour = new Map(rows.map((r) => [r.hour, r]));
    // 25 on the day clocks go back.
    const hours = Math.min(25, Math.floor((now.getTime() - dayStart.getTime()) / 3_600_000) + 1);
    return Array.from({ length: Math.max(1, hours) }, (_, hour) => {
      const row = byHour.get(hour);
      return {
        hourStart: new Date(dayStart.getTime() + hour * 3_600_000).toISOString(),
        offered: row?.offered ?? 0,
        answered: row?.answered ?? 0,
        abandoned: row?.abandoned ?? 0,
      };
    });
  }
}
