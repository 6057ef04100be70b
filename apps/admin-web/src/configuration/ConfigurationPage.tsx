import type { PublicUser } from '@cc/shared';
import { type ComponentType, useMemo, useState } from 'react';
import { sessionActions, useSession } from '../session-store.ts';
import { accessNote, accessTo, type ConfigurationSection, configurationSections, type SectionAccess } from './access.ts';
import { type ConfigApi, createConfigApi } from './api/config-api.ts';
import './configuration.css';
import { PhoneNumbersSection } from './phone-numbers/PhoneNumbersSection.tsx';
import { QueuesSection } from './queues/QueuesSection.tsx';
import { SkillsSection } from './skills/SkillsSection.tsx';
import { TeamsSection } from './teams/TeamsSection.tsx';
import { TrunksSection } from './trunks/TrunksSection.tsx';
import { UsersSection } from './users/UsersSection.tsx';
import { LockIcon } from './LockIcon.tsx';

export interface SectionProps {
  api: ConfigApi;
  access: SectionAccess;
  user: PublicUser;
}

const sectionViews: Record<ConfigurationSection, ComponentType<SectionProps>> = {
  Users: UsersSection,
  Teams: TeamsSection,
  Skills: SkillsSection,
  Queues: QueuesSection,
  'Phone numbers': PhoneNumbersSection,
  Trunks: TrunksSection,
};

/** The console's "Configuration" section: a sub-navigation over the six kinds of settings. */
export function ConfigurationPage({ user }: { user: PublicUser }) {
  const token = useSession()?.token ?? '';
  const api = useMemo(() => createConfigApi({ token, onUnauthorized: () => sessionActions.signedOut() }), [token]);
  const [section, setSection] = useState<ConfigurationSection>(user.role === 'admin' ? 'Users' : 'Queues');
  const access = accessTo(section, user.role);
  const View = sectionViews[section];

  return (
    <div className="configuration">
      <header className="config-header">
        <h1>Configuration</h1>
        <p className="muted">
          {user.role === 'admin'
            ? 'Set up who works here, how calls are routed and how they reach you.'
            : 'See how queues are set up. Changes are made by admins.'}
        </p>
      </header>
      <div className="config-layout">
        <nav aria-label="Configuration sections" className="config-nav">
          {configurationSections.map((s) => {
            const sectionAccess = accessTo(s, user.role);
            return (
              <button key={s} type="button" aria-current={s === section ? 'page' : undefined} onClick={() => setSection(s)}>
                {s}
                {sectionAccess === 'none' && (
                  <>
                    <LockIcon />
                    <span className="visually-hidden">(admins only)</span>
                  </>
                )}
                {sectionAccess === 'read' && <span className="badge badge-muted">Read-only</span>}
              </button>
            );
          })}
        </nav>
        <section className="config-section" aria-label={section}>
          {access === 'none' ? <NoAccess section={section} /> : <View key={section} api={api} access={access} user={user} />}
        </section>
      </div>
    </div>
  );
}

function NoAccess({ section }: { section: ConfigurationSection }) {
  return (
    <div className="section-empty">
      <h2>{section}</h2>
      <p role="note" className="access-note">
        <LockIcon />
        {accessNote(section, 'none')}
      </p>
    </div>
  );
}
