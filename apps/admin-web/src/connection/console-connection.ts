import { CommandError, SignalingClient } from '@cc/client-core';
import type { ForceAgentStatus, LiveAgent } from '@cc/shared';
import { liveActions } from '../live/live-store.ts';
import { sessionActions } from '../session-store.ts';

let client: SignalingClient | null = null;
let token: string | null = null;
let staleTimer: ReturnType<typeof setInterval> | undefined;

/**
 * The console's one socket: connects with the session token, asks for the live view
 * (live:watch) on every (re)connect and turns each validated push into a store action.
 * Nothing is polled; the only timer here drops calls whose server went quiet.
 */
export function ensureConnected(sessionToken: string): void {
  if (client && token === sessionToken) return;
  disconnect();
  token = sessionToken;
  const c = new SignalingClient({ token: sessionToken });
  client = c;
  liveActions.connectionChanged('connecting');
  c.onConnectionState((state, detail) => {
    if (detail === 'unauthorized') {
      disconnect();
      sessionActions.signedOut();
      return;
    }
    liveActions.connectionChanged(state);
    if (state === 'connected') void watch(c);
  });
  c.on('session:ended', () => {
    disconnect();
    sessionActions.signedOut();
  });
  c.on('live:queues-updated', (update) => liveActions.queuesUpdated(update));
  c.on('live:agent-updated', (agent) => liveActions.agentUpdated(agent));
  c.on('live:calls-updated', (update) => liveActions.callsUpdated(update));
  staleTimer = setInterval(() => liveActions.staleCallsDropped(Date.now()), 1_000);
}

async function watch(c: SignalingClient): Promise<void> {
  try {
    const snapshot = await c.request('live:watch', {});
    if (client === c) liveActions.snapshotReceived(snapshot);
  } catch (error) {
    liveActions.problemOccurred(error instanceof CommandError ? error.message : 'The live view could not start.');
  }
}

export function disconnect(): void {
  clearInterval(staleTimer);
  client?.close();
  client = null;
  token = null;
  liveActions.reset();
}

/** The console's socket while connected (the monitoring media rides on it); null when closed. */
export function consoleSignaling(): SignalingClient | null {
  return client;
}

/** A supervisor's command to an agent; a refusal comes back as an Error with the server's words. */
export async function forceAgentStatus(input: ForceAgentStatus): Promise<LiveAgent> {
  if (!client) throw new Error('Not connected to the server.');
  const agent = await client.request('agent:force-status', input);
  liveActions.agentUpdated(agent);
  return agent;
}
