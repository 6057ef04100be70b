import type { AgentStatus } from '@cc/shared';
import type { Queryable } from '../persistence/database.ts';

/** Every agent status change with its time: occupancy and other reports come from these rows. */
export class AgentStateRepository {
  constructor(private readonly db: Queryable) {}

  async record(change: { userId: string; at: Date; status: AgentStatus; reason: string | null; callId: string | null }) {
    await this.db.query(
      'insert into agent_state_changes (user_id, at, status, reason, call_id) values ($1, $2, $3, $4, $5)',
      [change.userId, change.at, change.status, change.reason, change.callId],
    );
  }

  async history(userId: string): Promise<Array<{ at: Date; status: AgentStatus; reason: string | null }>> {
    const { rows } = await this.db.query<{ at: Date; status: AgentStatus; reason: string | null }>(
      'select at, status, reason from agent_state_changes where user_id = $1 order by id',
      [userId],
    );
    return rows;
  }
}
