import type { PublicUser } from '@cc/shared';
import { useState } from 'react';
import { sessionActions } from './session-store.ts';

const sections = ['Wallboard', 'Live calls', 'Configuration', 'Reports'] as const;

/** The console's frame. Its sections arrive with the console issue (#6). */
export function ConsoleShell({ user }: { user: PublicUser }) {
  const [section, setSection] = useState<(typeof sections)[number]>('Wallboard');
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Contact Center — Console</span>
        <span className="user">
          {user.displayName} · {user.role}
        </span>
        <button type="button" className="ghost" onClick={() => sessionActions.signedOut()}>
          Sign out
        </button>
      </header>
      <div className="body">
        <nav aria-label="Console sections">
          {sections.map((s) => (
            <button key={s} type="button" aria-current={s === section ? 'page' : undefined} onClick={() => setSection(s)}>
              {s}
            </button>
          ))}
        </nav>
        <main className="card">
          <h1>{section}</h1>
          <p className="muted">Coming soon.</p>
        </main>
      </div>
    </div>
  );
}
