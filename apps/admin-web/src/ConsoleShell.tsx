import type { PublicUser } from '@cc/shared';
import { useState } from 'react';
import { ConfigurationPage } from './configuration/ConfigurationPage.tsx';
import { LiveCallsPage } from './live-calls/LiveCallsPage.tsx';
import { MonitoringPanel } from './monitoring/MonitoringPanel.tsx';
import { ReportsPage } from './reports/ReportsPage.tsx';
import { sessionActions } from './session-store.ts';
import { WallboardPage } from './wallboard/WallboardPage.tsx';

const sections = {
  Wallboard: WallboardPage,
  'Live calls': LiveCallsPage,
  Configuration: ConfigurationPage,
  Reports: ReportsPage,
} as const;
type Section = keyof typeof sections;

/** The console's frame: a section per page, each in its own folder. */
export function ConsoleShell({ user }: { user: PublicUser }) {
  const [section, setSection] = useState<Section>('Wallboard');
  const Page = sections[section];
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
          {(Object.keys(sections) as Section[]).map((s) => (
            <button key={s} type="button" aria-current={s === section ? 'page' : undefined} onClick={() => setSection(s)}>
              {s}
            </button>
          ))}
        </nav>
        <main className="card">
          <MonitoringPanel />
          <Page user={user} />
        </main>
      </div>
    </div>
  );
}
