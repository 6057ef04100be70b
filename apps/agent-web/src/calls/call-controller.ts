import { CallMediaSession, CommandError, type SignalingClient, describeMicrophoneError } from '@cc/client-core';
import { callActions } from './call-store.ts';

/**
 * The agent's call media, outside React and the stores: the microphone (opened when a
 * call rings, so answering is instant), the CallMediaSession, and the audio element
 * that plays the caller. Stores only hear plain facts from here.
 */
class CallController {
  private signaling: SignalingClient | null = null;
  private microphone: MediaStream | null = null;
  private session: CallMediaSession | null = null;
  private audio: HTMLAudioElement | null = null;

  attach(signaling: SignalingClient): void {
    this.signaling = signaling;
  }

  detach(): void {
    this.teardown();
    this.signaling = null;
  }

  /** The element that plays the caller; end-to-end tests find it by data-remote-audio. */
  setAudioElement(element: HTMLAudioElement | null): void {
    this.audio = element;
    if (element && this.session) element.srcObject = this.session.remoteStream;
  }

  /** A call rings: open the microphone now so that Answer connects at once. */
  offerArrived(): void {
    void this.openMicrophone().catch(() => undefined);
  }

  offerGone(): void {
    if (!this.session) this.releaseMicrophone();
  }

  async answer(callId: string, queueName: string, callerLabel: string): Promise<void> {
    const signaling = this.signaling;
    if (!signaling) return;
    let microphone: MediaStream;
    try {
      microphone = await this.openMicrophone();
    } catch (error) {
      callActions.problem(describeMicrophoneError(error));
      return;
    }
    let joined;
    try {
      joined = await signaling.request('call:answer', { callId });
    } catch (error) {
      callActions.offerWithdrawn(callId, error instanceof CommandError ? error.message : 'The call could not be answered.');
      this.releaseMicrophone();
      return;
    }
    callActions.callAnswered({ callId, queueName, callerLabel, connectedAt: null, muted: false });
    const session = new CallMediaSession(signaling, joined, microphone.getAudioTracks()[0]!);
    this.session = session;
    if (this.audio) this.audio.srcObject = session.remoteStream;
    try {
      await session.start();
      callActions.mediaConnected(callId);
    } catch (error) {
      console.error('call media failed', error);
      callActions.problem('The call audio could not be connected. Hang up and try the next call.');
    }
  }

  async decline(callId: string): Promise<void> {
    try {
      await this.signaling?.request('call:decline', { callId });
    } catch (error) {
      callActions.problem(error instanceof CommandError ? error.message : 'The call could not be declined.');
    }
  }

  async hangUp(callId: string): Promise<void> {
    try {
      await this.signaling?.request('call:hangup', { callId });
    } catch (error) {
      callActions.problem(error instanceof CommandError ? error.message : 'The call could not be ended.');
    }
  }

  async setMuted(muted: boolean): Promise<void> {
    if (!this.session) return;
    try {
      await this.session.setMuted(muted);
      callActions.muteChanged(muted);
    } catch {
      callActions.problem(muted ? 'Mute did not work.' : 'Unmute did not work.');
    }
  }

  callEnded(callId: string): void {
    if (this.session?.callId === callId || !this.session) this.teardown();
  }

  private teardown(): void {
    this.session?.close();
    this.session = null;
    if (this.audio) this.audio.srcObject = null;
    this.releaseMicrophone();
  }

  private async openMicrophone(): Promise<MediaStream> {
    if (this.microphone?.getAudioTracks().some((t) => t.readyState === 'live')) return this.microphone;
    this.microphone = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    return this.microphone;
  }

  private releaseMicrophone(): void {
    for (const track of this.microphone?.getTracks() ?? []) track.stop();
    this.microphone = null;
  }
}

export const callController = new CallController();
