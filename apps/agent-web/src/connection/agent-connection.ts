import { CommandError, SignalingClient } from '@cc/client-core';
import { callController } from '../calls/call-controller.ts';
import { callActions } from '../calls/call-store.ts';
import { presenceActions } from '../presence/presence-store.ts';
import { sessionActions } from '../session/session-store.ts';
import { connectionActions } from './connection-store.ts';

const withdrawnText = {
  timeout: 'Not answered in time; the call was offered to another agent.',
  declined: 'You declined the call; it was offered to another agent.',
  'customer-hangup': 'The caller hung up before you answered.',
  'answered-elsewhere': 'Another agent answered the call.',
} as const;

let client: SignalingClient | null = null;

/**
 * The one owner of the agent's socket: connects with the session token, turns every
 * validated server event into a store action, and hands the client to the call
 * controller for commands.
 */
export function connect(token: string): SignalingClient {
  disconnect();
  const c = new SignalingClient({ token });
  client = c;
  connectionActions.changed('connecting');
  c.onConnectionState((state, detail) => {
    if (detail === 'unauthorized') {
      disconnect();
      sessionActions.signedOut('Your session has expired. Please sign in again.');
      return;
    }
    connectionActions.changed(state, detail);
  });
  c.on('session:ready', ({ agent }) => {
    if (agent) presenceActions.stateChanged(agent);
  });
  c.on('session:ended', ({ reason }) => {
    disconnect();
    sessionActions.signedOut(reason);
  });
  c.on('agent:state-changed', (agent) => presenceActions.stateChanged(agent));
  c.on('call:offered', (offer) => {
    callActions.callOffered(offer);
    callController.offerArrived();
  });
  c.on('call:offer-withdrawn', ({ callId, reason }) => {
    callActions.offerWithdrawn(callId, withdrawnText[reason]);
    callController.offerGone();
  });
  c.on('call:state-changed', (status) => callController.statusChanged(status));
  c.on('call:dtmf-received', ({ callId, digit }) => callActions.dtmfReceived(callId, digit));
  c.on('call:consult-requested', (request) => callActions.consultRequested(request));
  callController.attach(c);
  return c;
}

export function disconnect(): void {
  callController.detach();
  client?.close();
  client = null;
  presenceActions.cleared();
  callActions.reset();
}

export function reconnect(): void {
  client?.socket.connect();
}

/** Runs a command; a refusal is shown to the agent in words instead of thrown. */
export async function runCommand<T>(work: (c: SignalingClient) => Promise<T>): Promise<T | undefined> {
  if (!client) return undefined;
  try {
    return await work(client);
  } catch (error) {
    callActions.problem(error instanceof CommandError ? error.message : 'That did not work. Please try again.');
    return undefined;
  }
}
