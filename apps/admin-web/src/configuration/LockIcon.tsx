/** A padlock drawn inline (no icon font or emoji needed), beside things a role may not change. */
export function LockIcon() {
  return (
    <svg className="lock-icon" width="12" height="14" viewBox="0 0 12 14" aria-hidden="true" focusable="false">
      <rect x="1" y="6" width="10" height="7.5" rx="1.5" fill="currentColor" />
      <path d="M3.2 6V4.2a2.8 2.8 0 0 1 5.6 0V6" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}
