import type { EmbedConfig } from './embed-config.ts';
import { RemoteAudio } from './remote-audio.ts';
import { describeCall } from './status-messages.ts';
import { WidgetCall, type CallSnapshot } from './widget-call.ts';
import { WidgetView, type WidgetViewModel } from './widget-view.ts';

/**
 * Composes the widget on a page: the shadow-DOM view, the light-DOM audio element and
 * at most one WidgetCall at a time. A new click after a call ended places a new call.
 */
export function mountWidget(config: EmbedConfig): void {
  const host = document.createElement('cc-call-widget');
  const audio = new RemoteAudio(document.body);
  let call: WidgetCall | undefined;
  let panelOpen = false;

  const view = new WidgetView(host, config.label, {
    call() {
      if (call && isActive(call.snapshot)) return;
      call = new WidgetCall({
        server: config.server,
        queue: config.queue,
        onRemoteStream: (stream) => audio.play(stream),
      });
      panelOpen = true;
      call.onChange(render);
      render(call.snapshot);
      void call.start();
    },
    hangUp() {
      void call?.hangUp();
    },
    dismiss() {
      panelOpen = false;
      render(call?.snapshot);
    },
  });

  function render(snapshot: CallSnapshot | undefined): void {
    if (snapshot?.phase.kind === 'failed') {
      console.warn('[contact-center widget] call failed:', snapshot.phase.error.message, snapshot.phase.error.cause ?? '');
    }
    view.render(toViewModel(snapshot, panelOpen));
  }

  // Leaving the page ends the call at once rather than after the server's grace period.
  window.addEventListener('pagehide', () => call?.close());
  document.body.append(host);
  render(undefined);
}

function isActive({ phase }: CallSnapshot): boolean {
  return phase.kind !== 'ended' && phase.kind !== 'failed';
}

function toViewModel(snapshot: CallSnapshot | undefined, panelOpen: boolean): WidgetViewModel {
  if (!snapshot) {
    return { panelOpen: false, status: '', tone: 'neutral', connectedAt: null, inCall: false, hangUpBusy: false };
  }
  const { phase } = snapshot;
  const tone =
    phase.kind === 'failed' ? 'error'
    : phase.kind === 'connected' && !snapshot.reconnecting ? 'active'
    : phase.kind === 'ended' ? 'neutral'
    : 'waiting';
  return {
    panelOpen,
    status: describeCall(snapshot),
    tone,
    connectedAt: phase.kind === 'connected' ? phase.connectedAt : null,
    inCall: isActive(snapshot),
    hangUpBusy: snapshot.hangingUp,
  };
}
