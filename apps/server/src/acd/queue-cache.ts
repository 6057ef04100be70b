/**
 * Queue settings read through for a few seconds: routing reads them on every decision,
 * and an admin's change reaches every node within the TTL (at once on the node that
 * made it, through `forget`).
 */
export class QueueCache<Q> {
  private readonly entries = new Map<string, { value: Q | null; until: number }>();

  constructor(
    private readonly load: (id: string) => Promise<Q | null>,
    private readonly ttlMs: number,
  ) {}

  async get(id: string): Promise<Q | null> {
    const hit = this.entries.get(id);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = await this.load(id);
    this.entries.set(id, { value, until: Date.now() + this.ttlMs });
    return value;
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}
