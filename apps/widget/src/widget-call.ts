import type { CallEndReason, CallStatus } from '@cc/shared';
import { CallMediaSession, CommandError, SignalingClient, type ConnectionState } from '@cc/client-core';
import { createWidgetSession } from './widget-session-api.ts';
import { WidgetError } from './widget-error.ts';

/**
 * One customer call placed from the widget, as the customer sees it:
 *
 *   starting ──▶ waiting ──▶ connected ──▶ ended
 *      │           │  ▲          │
 *      │           └──┘          │          (waiting covers the server's queued and
 *      ├───────────┴─────────────┴──▶ ended  ringing: to the caller both are "in line")
 *      └──────────────▶ failed
 *
 * `starting` asks for the microphone, gets a token, connects and joins the media room;
 * any failure there is `failed`. Once the server knows the call, it ends as `ended`
 * (with the server's reason when it told us one). Both are final: a new call is a new
 * WidgetCall.
 */
export type CallPhase =
  | { kind: 'starting' }
  | { kind: 'waiting'; position: number | null; estimatedWaitSeconds: number | null }
  | { kind: 'connected'; agentName: string | null; connectedAt: number; onHold: boolean }
  | { kind: 'ended'; reason: CallEndReason | null }
  | { kind: 'failed'; error: WidgetError };

export interface CallSnapshot {
  /** The queue called, from the embed. */
  queue: string;
  phase: CallPhase;
  /** The socket dropped mid-call and socket.io is reconnecting. */
  reconnecting: boolean;
  /** Hang up was pressed and the server has not confirmed yet. */
  hangingUp: boolean;
}

export interface WidgetCallOptions {
  server: string;
  queue: string;
  /** Receives the agent's audio once media is set up, and null when the call is over. */
  onRemoteStream(stream: MediaStream | null): void;
  /** How long the socket may take to connect before the server counts as unreachable. Default 10 000 ms. */
  connectTimeoutMs?: number;
}

export class WidgetCall {
  private phase: CallPhase = { kind: 'starting' };
  private reconnecting = false;
  private hangingUp = false;
  private finished = false;
  private readonly listeners = new Set<(snapshot: CallSnapshot) => void>();
  private microphone: MediaStreamTrack | undefined;
  private signaling: SignalingClient | undefined;
  private media: CallMediaSession | undefined;
  private callId: string | undefined;

  constructor(private readonly options: WidgetCallOptions) {}

  get snapshot(): CallSnapshot {
    return { queue: this.options.queue, phase: this.phase, reconnecting: this.reconnecting, hangingUp: this.hangingUp };
  }

  onChange(listener: (snapshot: CallSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Places the call. Never rejects: a failure becomes the `failed` phase. */
  async start(): Promise<void> {
    try {
      await this.place();
    } catch (error) {
      this.finish({ kind: 'failed', error: toWidgetError(error) });
    }
  }

  /** Hangs up (or gives up while starting). Safe to call at any time, more than once. */
  async hangUp(): Promise<void> {
    if (this.finished || this.hangingUp) return;
    const { signaling, callId } = this;
    const wasConnected = this.phase.kind === 'connected';
    if (signaling?.socket.connected && callId) {
      this.hangingUp = true;
      this.emit();
      // Awaited so the server records a hang-up; were it to fail, closing the socket
      // below ends the call on the server anyway (a deliberate disconnect has no grace).
      await signaling.request('call:hangup', { callId }).catch(() => undefined);
    }
    // The server's own call:state-changed usually arrived first and set the reason.
    this.finish({ kind: 'ended', reason: wasConnected ? 'customer-hangup' : 'abandoned' });
  }

  /** Drops everything at once, without telling the server first (page unload). Idempotent. */
  close(): void {
    this.finish({ kind: 'ended', reason: null });
  }

  private async place(): Promise<void> {
    const { server, queue } = this.options;
    this.microphone = await openMicrophone();
    if (this.finished) return this.release();

    const session = await createWidgetSession(server, { queue });
    if (this.finished) return;
    this.callId = session.callId;

    const signaling = new SignalingClient({ url: server, token: session.token });
    this.signaling = signaling;
    // Subscribed before start-call: the server may queue, ring or end the call before
    // its acknowledgement arrives.
    signaling.on('call:state-changed', (status) => this.applyStatus(status));
    signaling.on('session:ended', () => this.finish({ kind: 'ended', reason: null }));
    await waitUntilConnected(signaling, this.options.connectTimeoutMs ?? 10_000);
    if (this.finished) return;
    signaling.onConnectionState((state) => this.connectionChanged(state));

    const joined = await signaling.request('customer:start-call', {});
    if (this.finished) return;
    this.applyStatus(joined.status);
    if (this.finished) return;

    const microphone = this.microphone;
    let media: CallMediaSession;
    try {
      media = new CallMediaSession(
        signaling,
        { callId: joined.callId, routerRtpCapabilities: joined.routerRtpCapabilities, producers: joined.producers },
        microphone,
      );
    } catch (cause) {
      throw new WidgetError('unsupported-browser', 'mediasoup-client supports no handler here', { cause });
    }
    this.media = media;
    this.options.onRemoteStream(media.remoteStream);
    try {
      // Media flows to the SFU while the caller waits; the agent's audio is consumed
      // when they answer and their producer is announced.
      await media.start();
    } catch (cause) {
      if (this.finished) return;
      await signaling.request('call:hangup', { callId: joined.callId }).catch(() => undefined);
      throw cause instanceof CommandError
        ? cause
        : new WidgetError('media', 'could not set up the audio path', { cause });
    }
  }

  private applyStatus(status: CallStatus): void {
    if (this.finished || status.callId !== this.callId) return;
    switch (status.state) {
      case 'queued':
      case 'ringing':
        // A transfer: the caller waits on hold for the next agent.
        if (this.phase.kind === 'connected' && status.onHold) {
          this.setPhase({ ...this.phase, agentName: null, onHold: true });
          return;
        }
        // Otherwise, once connected a late "queued" (reordered by a reconnect) is stale.
        if (this.phase.kind !== 'connected') this.setPhase({
            kind: 'waiting',
            position: status.position,
            estimatedWaitSeconds: status.estimatedWaitSeconds,
          });
        return;
      case 'connected':
        this.setPhase({
          kind: 'connected',
          agentName: status.agentName,
          connectedAt: this.phase.kind === 'connected' ? this.phase.connectedAt : Date.now(),
          onHold: status.onHold ?? false,
        });
        return;
      case 'ended':
        this.finish({ kind: 'ended', reason: status.endReason });
        return;
    }
  }

  private connectionChanged(state: ConnectionState): void {
    if (this.finished) return;
    if (state === 'reconnecting') {
      this.reconnecting = true;
      this.emit();
    } else if (state === 'connected' && this.reconnecting) {
      this.reconnecting = false;
      this.emit();
      // start-call after a reconnect rejoins the same call and tells us where it stands.
      this.signaling
        ?.request('customer:start-call', {})
        .then(({ status }) => this.applyStatus(status))
        .catch(() => this.finish({ kind: 'ended', reason: 'customer-disconnected' }));
    } else if (state === 'disconnected') {
      // The server refused the socket (an expired token on reconnect): the call is gone.
      this.finish({ kind: 'ended', reason: 'customer-disconnected' });
    }
  }

  private finish(phase: Extract<CallPhase, { kind: 'ended' | 'failed' }>): void {
    if (this.finished) return;
    this.finished = true;
    this.hangingUp = false;
    this.reconnecting = false;
    this.release();
    this.setPhase(phase);
  }

  /** Idempotent: every step checks `finished` after each await and calls this. */
  private release(): void {
    this.media?.close();
    this.microphone?.stop();
    this.signaling?.close();
    this.options.onRemoteStream(null);
  }

  private setPhase(phase: CallPhase): void {
    this.phase = phase;
    this.emit();
  }

  private emit(): void {
    const snapshot = this.snapshot;
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        console.error('[contact-center widget] a call listener threw', error);
      }
    }
  }
}

async function openMicrophone(): Promise<MediaStreamTrack> {
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
    throw new WidgetError('insecure-page', 'the microphone needs an https page');
  }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    const [track] = stream.getAudioTracks();
    if (!track) throw new DOMException('no audio track', 'NotFoundError');
    return track;
  } catch (cause) {
    throw new WidgetError('microphone', 'getUserMedia failed', { cause });
  }
}

/** Resolves on the first connect; the server refusing the socket or silence is an error. */
function waitUntilConnected(signaling: SignalingClient, timeoutMs: number): Promise<void> {
  if (signaling.socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new WidgetError('unreachable', `no socket connection within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = signaling.onConnectionState((state, detail) => {
      if (state === 'connected') resolve();
      else if (state === 'disconnected') reject(new WidgetError('rejected', `socket refused: ${detail ?? 'no reason'}`));
      else return;
      clearTimeout(timer);
      off();
    });
  });
}

function toWidgetError(error: unknown): WidgetError {
  if (error instanceof WidgetError) return error;
  if (error instanceof CommandError) {
    const code = error.code === 'unavailable' ? 'unreachable'
      : error.code === 'not-found' ? 'unknown-queue'
      : error.code === 'rate-limited' ? 'rate-limited'
      : 'rejected';
    return new WidgetError(code, `${error.code}: ${error.message}`, { cause: error });
  }
  return new WidgetError('rejected', 'unexpected failure', { cause: error });
}
