/**
 * Fixed-window limit on sign-in attempts per client address and username, so that
 * password guessing costs time. Defaults: 10 attempts a minute.
 */
export class LoginRateLimiter {
  private readonly windows = new Map<string, { startedAt: number; attempts: number }>();

  constructor(
    private readonly maxAttempts = 10,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts an attempt; false when the caller must wait. */
  tryAttempt(clientAddress: string, username: string): boolean {
    const key = `${clientAddress}\u0000${username.toLowerCase()}`;
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || t - w.startedAt >= this.windowMs) {
      this.windows.set(key, { startedAt: t, attempts: 1 });
      this.prune(t);
      return true;
    }
    w.attempts += 1;
    return w.attempts <= this.maxAttempts;
  }

  private prune(t: number): void {
    if (this.windows.size < 10_000) return;
    for (const [key, w] of this.windows) if (t - w.startedAt >= this.windowMs) this.windows.delete(key);
  }
}
