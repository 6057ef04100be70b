import type { AgentSkill, Skill } from '@cc/shared';
import { conflict } from '../errors.ts';
import type { Queryable } from '../persistence/database.ts';
import { isUniqueViolation } from '../persistence/database-errors.ts';

type SkillRow = { id: string; name: string; description: string };
const toSkill = (r: SkillRow): Skill => ({ id: r.id, name: r.name, description: r.description });
const nameTaken = (name: string) => conflict(`A skill named "${name}" already exists.`);

/** The skill catalogue, and the level each agent has in each skill. */
export class SkillRepository {
  constructor(private readonly db: Queryable) {}

  async list(): Promise<Skill[]> {
    const { rows } = await this.db.query<SkillRow>('select id, name, description from skills order by lower(name)');
    return rows.map(toSkill);
  }

  async findById(id: string): Promise<Skill | null> {
    const { rows } = await this.db.query<SkillRow>('select id, name, description from skills where id = $1', [id]);
    return rows[0] ? toSkill(rows[0]) : null;
  }

  async findByName(name: string): Promise<Skill | null> {
    const { rows } = await this.db.query<SkillRow>(
      'select id, name, description from skills where lower(name) = lower($1)',
      [name],
    );
    return rows[0] ? toSkill(rows[0]) : null;
  }

  /** Names are unique ignoring case ("English" and "english" are one skill). */
  async create(skill: Skill): Promise<Skill> {
    try {
      await this.db.query('insert into skills (id, name, description) values ($1, $2, $3)', [
        skill.id,
        skill.name,
        skill.description,
      ]);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(skill.name);
      throw error;
    }
    return skill;
  }

  async update(id: string, patch: { name?: string; description?: string }): Promise<Skill | null> {
    try {
      const { rows } = await this.db.query<SkillRow>(
        `update skills set name = coalesce($2, name), description = coalesce($3, description)
         where id = $1 returning id, name, description`,
        [id, patch.name ?? null, patch.description ?? null],
      );
      return rows[0] ? toSkill(rows[0]) : null;
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(patch.name ?? '');
      throw error;
    }
  }

  /**
   * Agents lose the skill with it. A skill some queue requires is a conflict: the
   * queue's requirement would point at nothing.
   */
  async delete(id: string): Promise<boolean> {
    const { rows: requiring } = await this.db.query<{ name: string }>(
      `select name from queues where required_skills @> jsonb_build_array(jsonb_build_object('skillId', $1::text))`,
      [id],
    );
    if (requiring[0]) throw conflict(`The queue "${requiring[0].name}" requires this skill.`);
    const { rows } = await this.db.query('delete from skills where id = $1 returning id', [id]);
    return rows.length > 0;
  }

  /** Users who have this skill at any level. */
  async holdersOf(skillId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ user_id: string }>('select user_id from user_skills where skill_id = $1', [skillId]);
    return rows.map((r) => r.user_id);
  }

  /** The agent's skills and levels, by skill id. */
  async levelsOf(userId: string): Promise<AgentSkill[]> {
    return (await this.levelsOfUsers([userId])).get(userId) ?? [];
  }

  /** Skills of several users at once (admin lists), keyed by user id. */
  async levelsOfUsers(userIds: readonly string[]): Promise<Map<string, AgentSkill[]>> {
    const byUser = new Map<string, AgentSkill[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return byUser;
    const { rows } = await this.db.query<{ user_id: string; skill_id: string; level: number }>(
      'select user_id, skill_id, level from user_skills where user_id = any($1::uuid[]) order by skill_id',
      [userIds],
    );
    for (const r of rows) byUser.get(r.user_id)?.push({ skillId: r.skill_id, level: r.level });
    return byUser;
  }

  /**
   * Replaces the agent's skills with exactly these (run in a transaction with the rest
   * of the change). An unknown skill id fails with a foreign-key violation.
   */
  async setLevelsOf(userId: string, skills: readonly AgentSkill[]): Promise<void> {
    await this.db.query('delete from user_skills where user_id = $1', [userId]);
    for (const s of skills) {
      await this.db.query('insert into user_skills (user_id, skill_id, level) values ($1, $2, $3)', [
        userId,
        s.skillId,
        s.level,
      ]);
    }
  }
}
