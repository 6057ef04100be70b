import type { ReactNode } from 'react';
import { accessNote, type ConfigurationSection, type SectionAccess } from './access.ts';
import { LockIcon } from './LockIcon.tsx';
import type { Loaded } from './use-loaded.ts';

interface SectionFrameProps<T> {
  section: ConfigurationSection;
  description: string;
  access: SectionAccess;
  loaded: Loaded<T>;
  /** "New queue": offered to those who may edit. */
  createLabel: string;
  onCreate: () => void;
  /** Why creating is not possible yet (no queues to map a number to), if so. */
  createBlockedReason?: string | null;
  /** A line after a save or delete ("Queue Billing saved."), announced politely. */
  notice: string | null;
  /** How many there are, once loaded. */
  count: (data: T) => number;
  children: (data: T) => ReactNode;
}

/** A section's heading, its "New …" button or the reason there is none, and its list. */
export function SectionFrame<T>(props: SectionFrameProps<T>) {
  const { section, description, access, loaded, createLabel, onCreate, createBlockedReason, notice, count, children } = props;
  const note = accessNote(section, access);
  return (
    <>
      <header className="section-head">
        <div>
          <h2>
            {section}
            {loaded.state === 'ready' && <span className="count">{count(loaded.data)}</span>}
          </h2>
          <p className="muted">{description}</p>
        </div>
        {access === 'edit' && (
          <div className="section-actions">
            <button type="button" className="primary" onClick={onCreate} disabled={loaded.state !== 'ready' || Boolean(createBlockedReason)}>
              {createLabel}
            </button>
            {createBlockedReason && <p className="muted small">{createBlockedReason}</p>}
          </div>
        )}
      </header>
      {note && (
        <p role="note" className="access-note">
          <LockIcon />
          {note}
        </p>
      )}
      <p role="status" className="notice">
        {notice}
      </p>
      {loaded.state === 'loading' && <p className="muted">Loading…</p>}
      {loaded.state === 'failed' && (
        <p role="alert" className="form-problem">
          {`Could not load ${section.toLowerCase()}: ${loaded.message}`}
        </p>
      )}
      {loaded.state === 'ready' && children(loaded.data)}
    </>
  );
}

/** A list's empty state, with what to do about it. */
export function EmptyList({ children }: { children: ReactNode }) {
  return <p className="empty-list">{children}</p>;
}
