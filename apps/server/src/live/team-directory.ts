import type { Queryable } from '../persistence/database.ts';

/**
 * Which team each user is in, for routing live pushes to the right supervisors. Read
 * from the database at most every `maxAgeMs` (default 10 s) and whenever an unknown
 * user turns up, so a team change reaches the live view within that time.
 */
export class TeamDirectory {
  private teams = new Map<string, string | null>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly db: Queryable,
    private readonly maxAgeMs = 10_000,
  ) {}

  async teamOf(userId: string): Promise<string | null> {
    if (!this.teams.has(userId) || Date.now() - this.loadedAt > this.maxAgeMs) await this.reload();
    return this.teams.get(userId) ?? null;
  }

  private reload(): Promise<void> {
    this.loading ??= this.db
      .query<{ id: string; team_id: string | null }>('select id, team_id from users')
      .then(({ rows }) => {
        this.teams = new Map(rows.map((r) => [r.id, r.team_id]));
        this.loadedAt = Date.now();
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
