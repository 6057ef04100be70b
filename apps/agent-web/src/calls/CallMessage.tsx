import { useCallMessage } from './call-store.ts';

/** The latest word about calls (withdrawn offers, endings, refusals), read out politely. */
export function CallMessage() {
  const message = useCallMessage();
  return (
    <p className="call-message" role="status" aria-live="polite">
      {message ?? ''}
    </p>
  );
}
