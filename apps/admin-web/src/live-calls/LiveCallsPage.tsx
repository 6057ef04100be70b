import type { PublicUser } from '@cc/shared';

/** The console's "Live calls" section. */
export function LiveCallsPage({ user: _user }: { user: PublicUser }) {
  return (
    <>
      <h1>Live calls</h1>
      <p className="muted">Coming soon.</p>
    </>
  );
}
