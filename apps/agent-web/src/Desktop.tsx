import { useEffect } from 'react';
import { ActiveCallPanel } from './calls/ActiveCallPanel.tsx';
import { CallMessage } from './calls/CallMessage.tsx';
import { ConsultRequestCard } from './calls/ConsultRequestCard.tsx';
import { DialPad } from './calls/DialPad.tsx';
import { RingingPanel } from './calls/RingingPanel.tsx';
import { WrapUpPanel } from './calls/WrapUpPanel.tsx';
import { callController } from './calls/call-controller.ts';
import { useActiveCall, useConsultRequest, useOffer } from './calls/call-store.ts';
import { connect, disconnect } from './connection/agent-connection.ts';
import { ConnectionBanner } from './connection/ConnectionBanner.tsx';
import { useAgentStatus } from './presence/presence-store.ts';
import { StatusControl } from './presence/StatusControl.tsx';
import { sessionActions } from './session/session-store.ts';
import type { PublicUser } from '@cc/shared';

export function Desktop({ token, user }: { token: string; user: PublicUser }) {
  useEffect(() => {
    connect(token);
    return () => disconnect();
  }, [token]);
  const offer = useOffer();
  const consultRequest = useConsultRequest();
  const active = useActiveCall();
  const status = useAgentStatus();

  return (
    <div className="desktop">
      <header className="topbar">
        <span className="brand">Contact Center — Agent</span>
        <StatusControl />
        <span className="user">{user.displayName}</span>
        <button
          type="button"
          className="ghost"
          onClick={() => {
            disconnect();
            sessionActions.signedOut();
          }}
        >
          Sign out
        </button>
      </header>
      <ConnectionBanner />
      <main className="workspace">
        <div className="call-column">
          <RingingPanel />
          <ConsultRequestCard />
          <ActiveCallPanel />
          <WrapUpPanel />
          {!offer && !active && !consultRequest && status !== 'wrap-up' && (
            <section className="card idle" aria-label="Waiting for calls">
              <h2>{status === 'available' ? 'Waiting for the next call' : 'You are not taking calls'}</h2>
              <p className="muted">
                {status === 'available'
                  ? 'Calls from your queues ring here. You can also dial out.'
                  : 'Choose Available to start receiving calls. You can still dial out.'}
              </p>
            </section>
          )}
          <CallMessage />
        </div>
        <DialPad />
      </main>
      {/* The caller's voice. Hidden: the browser plays it; tests measure it here. */}
      <audio ref={(el) => callController.setAudioElement(el)} autoPlay data-remote-audio />
    </div>
  );
}
