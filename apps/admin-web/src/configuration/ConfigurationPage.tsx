import type { PublicUser } from '@cc/shared';

/** The console's "Configuration" section. */
export function ConfigurationPage({ user: _user }: { user: PublicUser }) {
  return (
    <>
      <h1>Configuration</h1>
      <p className="muted">Coming soon.</p>
    </>
  );
}
