import {
  CallMediaSession,
  CommandError,
  type SignalingClient,
  UnsupportedSendCodecError,
  describeMicrophoneError,
} from '@cc/client-core';
import type { CallInProgress, CallStatus, MonitorMode } from '@cc/shared';
import { consoleSignaling } from '../connection/console-connection.ts';
import { type MonitoredCall, modeLabel, monitoringActions } from './monitoring-store.ts';

const refusal = (error: unknown, fallback: string) => (error instanceof CommandError ? error.message : fallback);
const openMicrophone = () =>
  navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } });

/**
 * A supervisor on a live call, outside React: Listen, Whisper and Barge (one join of the
 * call's media, then only the mode changes on the server), Take over (then Hold, Resume
 * and Hang up as an agent would), Mute,
 * and the call's media through the same CallMediaSession the agent desktop uses. The
 * microphone is produced at once: in Listen the server lets nobody hear it, so a switch
 * to Whisper or Barge is instant. A supervisor without a microphone (none plugged in,
 * or permission refused) can still Listen; Whisper, Barge and Take over ask for one
 * again and start sending it when it comes. Stores only hear plain facts from here.
 */
class MonitoringController {
  private signaling: SignalingClient | null = null;
  private session: CallMediaSession | null = null;
  private microphone: MediaStream | null = null;
  private audio: HTMLAudioElement | null = null;
  private callId: string | null = null;
  private readonly unsubscribe: Array<() => void> = [];

  /** The element that plays the call; end-to-end tests find it by data-remote-audio. */
  setAudioElement(element: HTMLAudioElement | null): void {
    this.audio = element;
    if (element && this.session) element.srcObject = this.session.remoteStream;
  }

  /** Starts monitoring `call` in `mode`, or changes the mode on the call already monitored. */
  async monitor(call: CallInProgress, mode: MonitorMode): Promise<boolean> {
    const state = monitoringActions.current();
    if (state.busy) return false;
    if (this.callId === call.callId) {
      if (state.mode === mode) return true;
      return this.changeMode(call.callId, mode);
    }
    if (this.callId) {
      if (state.takenOver) {
        monitoringActions.commandRefused('Hang up the call you took over before monitoring another.');
        return false;
      }
      await this.stop();
    }
    return this.join(call, mode);
  }

  /** Takes the call over: the agent leaves and the supervisor keeps the customer. */
  async takeOver(call: CallInProgress): Promise<void> {
    if (this.callId !== call.callId && !(await this.monitor(call, 'listen'))) return;
    const signaling = this.signaling;
    if (!signaling || monitoringActions.current().busy) return;
    if (!(await this.ensureMicrophone('Taking over'))) return;
    // Read before asking: the call's new status (naming the supervisor) may beat the answer.
    const leaving = monitoringActions.current().call?.agentName ?? null;
    monitoringActions.commandSent();
    try {
      await signaling.request('supervisor:take-over', { callId: call.callId });
      monitoringActions.tookOver(leaving);
    } catch (error) {
      monitoringActions.commandRefused(refusal(error, 'The call could not be taken over.'));
    }
  }

  /** Stops monitoring; the call goes on without the supervisor. */
  async stop(): Promise<void> {
    const { signaling, callId } = this;
    if (!callId) return;
    this.teardown(null);
    await signaling?.request('supervisor:leave', { callId }).catch(() => undefined);
  }

  /** Ends a call the supervisor took over. */
  async hangUp(): Promise<void> {
    const { signaling, callId } = this;
    if (!signaling || !callId) return;
    monitoringActions.commandSent();
    try {
      await signaling.request('call:hangup', { callId });
      this.teardown('you ended the call.');
    } catch (error) {
      monitoringActions.commandRefused(refusal(error, 'The call could not be ended.'));
    }
  }

  /** Holds or resumes a call the supervisor took over: the customer hears music meanwhile. */
  async setHold(held: boolean): Promise<void> {
    const { signaling, callId } = this;
    const state = monitoringActions.current();
    // Pressed again while the last press is on its way: ignored (the button stays enabled to keep the focus).
    if (!signaling || !callId || !state.takenOver || state.busy) return;
    monitoringActions.commandSent();
    try {
      await signaling.request('call:hold', { callId, held });
      // The call's status (onHold) arrives as its own event; this only ends the wait.
      monitoringActions.commandDone();
    } catch (error) {
      monitoringActions.commandRefused(refusal(error, held ? 'The call could not be held.' : 'The call could not be resumed.'));
    }
  }

  async setMuted(muted: boolean): Promise<void> {
    if (!this.session) return;
    try {
      await this.session.setMuted(muted);
      monitoringActions.muteChanged(muted);
    } catch {
      monitoringActions.commandRefused(muted ? 'Mute did not work.' : 'Unmute did not work.');
    }
  }

  private async changeMode(callId: string, mode: MonitorMode): Promise<boolean> {
    const signaling = this.signaling;
    if (!signaling) return false;
    if (mode !== 'listen' && !(await this.ensureMicrophone(modeLabel[mode]))) return false;
    monitoringActions.commandSent();
    try {
      await signaling.request('supervisor:monitor', { callId, mode });
      monitoringActions.modeChanged(mode);
      return true;
    } catch (error) {
      monitoringActions.commandRefused(refusal(error, 'The mode did not change.'));
      return false;
    }
  }

  /** Microphone first (so the media is ready at once), then the server's consent, then the media. */
  private async join(call: CallInProgress, mode: MonitorMode): Promise<boolean> {
    const signaling = consoleSignaling();
    if (!signaling) {
      monitoringActions.commandRefused('Not connected to the server.');
      return false;
    }
    monitoringActions.commandSent();
    let microphone: MediaStream | null;
    let withoutMicrophone: string | null = null;
    try {
      microphone = await openMicrophone();
    } catch (error) {
      // Listening needs no microphone; being heard does.
      if (mode !== 'listen') {
        monitoringActions.commandRefused(`${modeLabel[mode]} needs a microphone. ${describeMicrophoneError(error)}`);
        return false;
      }
      microphone = null;
      withoutMicrophone = describeMicrophoneError(error);
    }
    let joined;
    try {
      joined = await signaling.request('supervisor:monitor', { callId: call.callId, mode });
    } catch (error) {
      for (const track of microphone?.getTracks() ?? []) track.stop();
      monitoringActions.commandRefused(refusal(error, 'The call could not be joined.'));
      return false;
    }
    this.signaling = signaling;
    this.callId = call.callId;
    this.microphone = microphone;
    const monitored: MonitoredCall = {
      callId: call.callId,
      caller: call.caller,
      channel: call.channel,
      queueName: call.queueName,
      agentName: joined.status.agentName ?? call.agentName,
    };
    monitoringActions.joined(monitored, mode, joined.status.onHold ?? false, withoutMicrophone);
    this.unsubscribe.push(
      signaling.on('call:state-changed', (status) => {
        if (status.callId === this.callId) this.statusChanged(status);
      }),
      signaling.onConnectionState((state) => this.connectionChanged(state)),
    );
    await this.startMedia(signaling, joined, microphone?.getAudioTracks()[0] ?? null);
    return true;
  }

  /**
   * A microphone sent into the monitored call: the one already sent, or one asked for now
   * (the supervisor listened without one). Says in the panel why not, if not.
   */
  private async ensureMicrophone(action: string): Promise<boolean> {
    const session = this.session;
    if (this.microphone && session?.sending) return true;
    if (!session || monitoringActions.current().media !== 'connected') {
      monitoringActions.commandRefused(`${action} needs the call audio connected first.`);
      return false;
    }
    monitoringActions.commandSent();
    let microphone: MediaStream;
    try {
      microphone = await openMicrophone();
    } catch (error) {
      monitoringActions.commandRefused(`${action} needs a microphone. ${describeMicrophoneError(error)}`);
      return false;
    }
    try {
      await session.startSending(microphone.getAudioTracks()[0]!);
    } catch {
      for (const track of microphone.getTracks()) track.stop();
      monitoringActions.commandRefused(`${action} needs a microphone, and yours could not be connected to the call.`);
      return false;
    }
    if (this.session !== session) {
      for (const track of microphone.getTracks()) track.stop();
      return false;
    }
    this.microphone = microphone;
    monitoringActions.microphoneConnected();
    return true;
  }

  private async startMedia(
    signaling: SignalingClient,
    joined: ConstructorParameters<typeof CallMediaSession>[1],
    microphone: MediaStreamTrack | null,
  ): Promise<void> {
    const session = new CallMediaSession(signaling, joined, microphone);
    this.session = session;
    if (this.audio) this.audio.srcObject = session.remoteStream;
    try {
      await session.start();
      if (this.session === session) monitoringActions.mediaChanged('connected');
    } catch (error) {
      // Stopping while the media joins closes the session under start(): not a failure.
      if (this.session !== session) return;
      console.error('monitoring media failed', error);
      monitoringActions.mediaChanged(
        'failed',
        error instanceof UnsupportedSendCodecError ? error.message : 'The call audio could not be connected.',
      );
    }
  }

  private statusChanged(status: CallStatus): void {
    if (status.state === 'ended') {
      this.teardown('the call ended.');
      return;
    }
    const { takenOver } = monitoringActions.current();
    // After a take over the call's agent is the supervisor: the panel keeps who left.
    monitoringActions.callChanged({
      onHold: status.onHold,
      ...(takenOver ? {} : { agentName: status.agentName }),
    });
  }

  private connectionChanged(state: string): void {
    if (state === 'disconnected') {
      this.teardown('the connection to the server closed.');
      return;
    }
    // Back after a network blip: the new socket is not in the call's room yet. Asking
    // again for the same mode joins it without touching the media (or says the call ended).
    const { mode, takenOver } = monitoringActions.current();
    if (state === 'connected' && this.callId && mode && !takenOver) {
      const callId = this.callId;
      this.signaling?.request('supervisor:monitor', { callId, mode }).catch(() => {
        if (this.callId === callId) this.teardown('the call ended.');
      });
    }
  }

  private teardown(notice: string | null): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.session?.close();
    this.session = null;
    if (this.audio) this.audio.srcObject = null;
    for (const track of this.microphone?.getTracks() ?? []) track.stop();
    this.microphone = null;
    this.callId = null;
    this.signaling = null;
    monitoringActions.ended(notice);
  }
}

export const monitoringController = new MonitoringController();
