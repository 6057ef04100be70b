import type { PublicUser } from '@cc/shared';

/** The console's "Reports" section. */
export function ReportsPage({ user: _user }: { user: PublicUser }) {
  return (
    <>
      <h1>Reports</h1>
      <p className="muted">Coming soon.</p>
    </>
  );
}
