import type { PublicUser, Role } from '@cc/shared';
import type { Queryable } from '../persistence/database.ts';

export interface UserRecord extends PublicUser {
  passwordHash: string;
  disabled: boolean;
}

type UserRow = {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: boolean;
};

const toRecord = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  passwordHash: r.password_hash,
  disabled: r.disabled,
});

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

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('select count(*)::int as n from users');
    return rows[0]?.n ?? 0;
  }

  async create(user: Omit<UserRecord, 'disabled'>): Promise<void> {
    await this.db.query(
      'insert into users (id, username, display_name, role, password_hash) values ($1, $2, $3, $4, $5)',
      [user.id, user.username, user.displayName, user.role, user.passwordHash],
    );
  }
}
