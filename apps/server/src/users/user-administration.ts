import { randomUUID } from 'node:crypto';
import type { AdminUser, AgentSkill, QueueMembership, UserInput, UserPatch } from '@cc/shared';
import type { z } from 'zod';
import { hashPassword } from '../auth/passwords.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import type { Database, Queryable } from '../persistence/database.ts';
import { QueueRepository } from '../queues/queue-repository.ts';
import { SkillRepository } from '../skills/skill-repository.ts';
import { UserRepository, type UserChanges, type UserRecord } from './user-repository.ts';

export interface UserAdministrationOptions {
  /**
   * Told after a change the ACD cares about (skills, queue memberships, role, disabled,
   * deleted) has been committed, so it can refresh a signed-in agent. Its errors are
   * the caller's to log; they do not undo the change.
   */
  onAgentProfileChanged?: (userId: string) => void | Promise<void>;
}

/**
 * What admins do to users: create, change, disable, delete, and set skills and queue
 * memberships. Each change is one transaction; wire shapes (`AdminUser`) are built here
 * from records, never from rows.
 */
export class UserAdministration {
  constructor(
    private readonly db: Database,
    private readonly options: UserAdministrationOptions = {},
  ) {}

  async list(): Promise<AdminUser[]> {
    const users = await new UserRepository(this.db).list();
    const ids = users.map((u) => u.id);
    const [skills, memberships] = await Promise.all([
      new SkillRepository(this.db).levelsOfUsers(ids),
      new QueueRepository(this.db).membershipsOfUsers(ids),
    ]);
    return users.map((u) => toAdminUser(u, skills.get(u.id) ?? [], memberships.get(u.id) ?? []));
  }

  async get(id: string): Promise<AdminUser> {
    return this.describe(this.db, await this.require(this.db, id));
  }

  async create(input: z.output<typeof UserInput>): Promise<AdminUser> {
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(async (tx) => {
      await assertReferencesExist(tx, input);
      const user = await new UserRepository(tx).create({
        id: randomUUID(),
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        passwordHash,
        disabled: input.disabled,
        teamId: input.teamId,
      });
      await new SkillRepository(tx).setLevelsOf(user.id, input.skills);
      await new QueueRepository(tx).setMemberships(user.id, input.memberships);
      return toAdminUser(user, input.skills, sortByTier(input.memberships));
    });
  }

  /** `actingUserId`: an admin cannot demote, disable or delete themselves (no lock-out). */
  async update(id: string, patch: UserPatch, actingUserId: string | null): Promise<AdminUser> {
    if (id === actingUserId && ((patch.role && patch.role !== 'admin') || patch.disabled === true)) {
      throw conflict('You cannot take away your own admin access.');
    }
    const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
    const before = await this.require(this.db, id);
    const result = await this.db.transaction(async (tx) => {
      await assertReferencesExist(tx, patch);
      const changes: UserChanges = {
        displayName: patch.displayName,
        role: patch.role,
        passwordHash,
        disabled: patch.disabled,
        teamId: patch.teamId,
      };
      const user = await new UserRepository(tx).update(id, changes);
      if (!user) throw notFound('The user');
      if (patch.skills) await new SkillRepository(tx).setLevelsOf(id, patch.skills);
      if (patch.memberships) await new QueueRepository(tx).setMemberships(id, patch.memberships);
      return this.describe(tx, user);
    });
    const touchesAcd =
      patch.skills !== undefined ||
      patch.memberships !== undefined ||
      (patch.role !== undefined && patch.role !== before.role) ||
      (patch.disabled !== undefined && patch.disabled !== before.disabled);
    if (touchesAcd) await this.options.onAgentProfileChanged?.(id);
    return result;
  }

  async delete(id: string, actingUserId: string): Promise<void> {
    if (id === actingUserId) throw conflict('You cannot delete your own account.');
    const deleted = await this.db.transaction((tx) => new UserRepository(tx).delete(id));
    if (!deleted) throw notFound('The user');
    await this.options.onAgentProfileChanged?.(id);
  }

  async skillsOf(id: string): Promise<AgentSkill[]> {
    await this.require(this.db, id);
    return new SkillRepository(this.db).levelsOf(id);
  }

  async setSkills(id: string, skills: AgentSkill[]): Promise<AgentSkill[]> {
    await this.update(id, { skills }, null);
    return new SkillRepository(this.db).levelsOf(id);
  }

  async membershipsOf(id: string): Promise<QueueMembership[]> {
    await this.require(this.db, id);
    return new QueueRepository(this.db).membershipsOf(id);
  }

  async setMemberships(id: string, memberships: QueueMembership[]): Promise<QueueMembership[]> {
    await this.update(id, { memberships }, null);
    return new QueueRepository(this.db).membershipsOf(id);
  }

  private async require(db: Queryable, id: string): Promise<UserRecord> {
    const user = await new UserRepository(db).findById(id);
    if (!user) throw notFound('The user');
    return user;
  }

  private async describe(db: Queryable, user: UserRecord): Promise<AdminUser> {
    const [skills, memberships] = await Promise.all([
      new SkillRepository(db).levelsOf(user.id),
      new QueueRepository(db).membershipsOf(user.id),
    ]);
    return toAdminUser(user, skills, memberships);
  }
}

function toAdminUser(u: UserRecord, skills: AgentSkill[], memberships: QueueMembership[]): AdminUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    disabled: u.disabled,
    teamId: u.teamId,
    skills,
    memberships,
  };
}

const sortByTier = (m: QueueMembership[]) => [...m].sort((a, b) => a.tier - b.tier || a.queueId.localeCompare(b.queueId));

/** Unknown ids are the client's mistake: a 400 naming the field, not a foreign-key 500. */
async function assertReferencesExist(
  db: Queryable,
  refs: { teamId?: string | null; skills?: AgentSkill[]; memberships?: QueueMembership[] },
): Promise<void> {
  if (refs.teamId) {
    const { rows } = await db.query('select 1 from teams where id = $1', [refs.teamId]);
    if (rows.length === 0) throw badRequest('Invalid request: teamId: no such team');
  }
  const missing = async (table: 'skills' | 'queues', ids: string[]) => {
    if (ids.length === 0) return [];
    const { rows } = await db.query<{ id: string }>(`select id from ${table} where id = any($1::uuid[])`, [ids]);
    const known = new Set(rows.map((r) => r.id));
    return ids.map((id, i) => [id, i] as const).filter(([id]) => !known.has(id));
  };
  const [skill] = await missing('skills', (refs.skills ?? []).map((s) => s.skillId));
  if (skill) throw badRequest(`Invalid request: skills.${skill[1]}.skillId: no such skill`);
  const [queue] = await missing('queues', (refs.memberships ?? []).map((m) => m.queueId));
  if (queue) throw badRequest(`Invalid request: memberships.${queue[1]}.queueId: no such queue`);
}
