import type { Team } from '@cc/shared';
import { conflict } from '../errors.ts';
import type { Queryable } from '../persistence/database.ts';
import { isUniqueViolation } from '../persistence/database-errors.ts';

const nameTaken = (name: string) => conflict(`A team named "${name}" already exists.`);

/**
 * Teams of agents and who supervises them. Membership is the user's `team_id` (an agent
 * is in at most one team); supervision is many-to-many (team_supervisors).
 */
export class TeamRepository {
  constructor(private readonly db: Queryable) {}

  async list(): Promise<Team[]> {
    return this.select('', []);
  }

  async findById(id: string): Promise<Team | null> {
    return (await this.select('where t.id = $1', [id]))[0] ?? null;
  }

  async create(team: { id: string; name: string; supervisorIds: readonly string[] }): Promise<Team> {
    try {
      await this.db.query('insert into teams (id, name) values ($1, $2)', [team.id, team.name]);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(team.name);
      throw error;
    }
    await this.setSupervisors(team.id, team.supervisorIds);
    return (await this.findById(team.id))!;
  }

  async update(id: string, patch: { name?: string; supervisorIds?: readonly string[] }): Promise<Team | null> {
    if (patch.name !== undefined) {
      try {
        const { rows } = await this.db.query('update teams set name = $2 where id = $1 returning id', [id, patch.name]);
        if (rows.length === 0) return null;
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken(patch.name);
        throw error;
      }
    }
    if (patch.supervisorIds !== undefined) {
      if (!(await this.exists(id))) return null;
      await this.setSupervisors(id, patch.supervisorIds);
    }
    return this.findById(id);
  }

  /** Members stay, with no team; supervision of the team ends. */
  async delete(id: string): Promise<boolean> {
    const { rows } = await this.db.query('delete from teams where id = $1 returning id', [id]);
    return rows.length > 0;
  }

  /** The teams this user supervises. */
  async teamIdsSupervisedBy(userId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ team_id: string }>(
      'select team_id from team_supervisors where user_id = $1 order by team_id',
      [userId],
    );
    return rows.map((r) => r.team_id);
  }

  /** Users in any team this user supervises. */
  async memberIdsSupervisedBy(userId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `select u.id from users u join team_supervisors s on s.team_id = u.team_id where s.user_id = $1 order by u.id`,
      [userId],
    );
    return rows.map((r) => r.id);
  }

  private async exists(id: string): Promise<boolean> {
    const { rows } = await this.db.query('select 1 from teams where id = $1', [id]);
    return rows.length > 0;
  }

  /** An unknown user id fails with a foreign-key violation. */
  private async setSupervisors(teamId: string, userIds: readonly string[]): Promise<void> {
    await this.db.query('delete from team_supervisors where team_id = $1', [teamId]);
    for (const userId of userIds) {
      await this.db.query('insert into team_supervisors (team_id, user_id) values ($1, $2)', [teamId, userId]);
    }
  }

  private async select(where: string, params: unknown[]): Promise<Team[]> {
    // Arrays are aggregated in subqueries so one team is one row, with no join fan-out.
    const { rows } = await this.db.query<{ id: string; name: string; supervisor_ids: string[]; member_ids: string[] }>(
      `select t.id, t.name,
         array(select s.user_id::text from team_supervisors s where s.team_id = t.id order by s.user_id) as supervisor_ids,
         array(select u.id::text from users u where u.team_id = t.id order by u.id) as member_ids
       from teams t ${where} order by lower(t.name)`,
      params,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, supervisorIds: r.supervisor_ids, memberIds: r.member_ids }));
  }
}
