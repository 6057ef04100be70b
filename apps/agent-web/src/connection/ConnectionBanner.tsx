import { reconnect } from './agent-connection.ts';
import { useConnectionState } from './connection-store.ts';

/** Says in words when the desktop has lost the server, with a way to retry now. */
export function ConnectionBanner() {
  const state = useConnectionState();
  if (state === 'connected' || state === 'connecting') return null;
  return (
    <div role="alert" className="banner">
      {state === 'reconnecting'
        ? 'Connection lost — reconnecting… Calls cannot reach you until it is back.'
        : 'Disconnected from the server.'}
      <button type="button" onClick={reconnect}>
        Reconnect
      </button>
    </div>
  );
}
