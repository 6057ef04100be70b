import type { PublicUser } from '@cc/shared';

/** The console's "Wallboard" section. */
export function WallboardPage({ user: _user }: { user: PublicUser }) {
  return (
    <>
      <h1>Wallboard</h1>
      <p className="muted">Coming soon.</p>
    </>
  );
}
