import type { PublicUser, Role } from '@cc/shared';
import { conflict } from '../errors.ts';
import type { Queryable } from '../persistence/database.ts';
import { isUniqueViolation } from '../persistence/database-errors.ts';

export interface UserRecord extends PublicUser {
  passwordHash: string;
  disabled: boolean;
  teamId: string | null;
}

export type NewUser = Omit<UserRecord, 'disabled' | 'teamId'> & { disabled?: boolean; teamId?: string | null };

/** What an admin may change on a user (the username is fixed). */
export type UserChanges = Partial<Pick<UserRecord, 'displayName' | 'role' | 'passwordHash' | 'disabled' | 'teamId'>>;

type UserRow = {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: boolean;
  team_id: string | null;
};

const toRecord = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  passwordHash: r.password_hash,
  disabled: r.disabled,
  teamId: r.team_id,
});

const changeColumns: ReadonlyArray<[keyof UserChanges, string]> = [
  ['displayName', 'display_name'],
  ['role', 'role'],
  ['passwordHash', 'password_hash'],
  ['disabled', 'disabled'],
  ['teamId', 'team_id'],
];

const usernameTaken = (username: string) => conflict(`The username "${username}" is taken.`);

/** Rows stay here; callers get records, and the wire gets `toPublicUser`. */
export function toPublicUser(u: UserRecord): PublicUser {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role };
}

export class UserRepository {
  constructor(private readonly db: Queryable) {}

  async findByUsername(username: string): Promise<UserRecord | null> {
    const { rows } = await this.db.query<UserRow>('select * from users where lower(username) = lower($1)', [username]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findById(id: string): Promise<UserRecord | null> {
    const { rows } = await this.db.query<UserRow>('select * from users where id = $1', [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(): Promise<UserRecord[]> {
    const { rows } = await this.db.query<UserRow>('select * from users order by lower(username)');
    return rows.map(toRecord);
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('select count(*)::int as n from users');
    return rows[0]?.n ?? 0;
  }

  /**
   * Usernames are unique ignoring case (sign-in ignores case), checked here because v1's
   * constraint is case-sensitive. An unknown team id fails with a foreign-key violation.
   */
  async create(user: NewUser): Promise<UserRecord> {
    if (await this.findByUsername(user.username)) throw usernameTaken(user.username);
    try {
      const { rows } = await this.db.query<UserRow>(
        `insert into users (id, username, display_name, role, password_hash, disabled, team_id)
         values ($1, $2, $3, $4, $5, $6, $7) returning *`,
        [user.id, user.username, user.displayName, user.role, user.passwordHash, user.disabled ?? false, user.teamId ?? null],
      );
      return toRecord(rows[0]!);
    } catch (error) {
      if (isUniqueViolation(error)) throw usernameTaken(user.username);
      throw error;
    }
  }

  /** Changes only the fields given; null when there is no such user. */
  async update(id: string, changes: UserChanges): Promise<UserRecord | null> {
    const set = changeColumns.filter(([field]) => changes[field] !== undefined);
    if (set.length === 0) return this.findById(id);
    const { rows } = await this.db.query<UserRow>(
      `update users set ${set.map(([, c], i) => `${c} = $${i + 2}`).join(', ')} where id = $1 returning *`,
      [id, ...set.map(([field]) => changes[field])],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /**
   * False when there is no such user. A user who has handled calls is a conflict: the
   * call history keeps who answered, so such users are disabled instead.
   */
  async delete(id: string): Promise<boolean> {
    const { rows: handled } = await this.db.query(
      'select 1 from calls where agent_id = $1 union all select 1 from call_events where agent_id = $1 limit 1',
      [id],
    );
    if (handled.length > 0) throw conflict('The user has call history; disable them instead.');
    const { rows } = await this.db.query('delete from users where id = $1 returning id', [id]);
    return rows.length > 0;
  }
}
