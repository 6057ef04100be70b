import {
  CallMediaSession,
  CommandError,
  type JoinInfo,
  type SignalingClient,
  UnsupportedSendCodecError,
  describeMicrophoneError,
} from '@cc/client-core';
import type { CallOffer, CallStatus, ConsultRequested } from '@cc/shared';
import { callActions, endReasonText } from './call-store.ts';
import { transferredText } from './consult-status.ts';
import type { ConsultTarget, TransferTarget } from './transfer-target.ts';
import { recordingActions } from './recording-store.ts';

/**
 * The agent's calls outside React: answering and dialing, the call's progress from the
 * server, DTMF, and the media: the microphone (opened when a call rings, so answering
 * is instant), the CallMediaSession, and the audio element that plays the caller.
 * Stores only hear plain facts from here.
 */
class CallController {
  private signaling: SignalingClient | null = null;
  private microphone: MediaStream | null = null;
  private session: CallMediaSession | null = null;
  private audio: HTMLAudioElement | null = null;
  /**
   * While a dial awaits its acknowledgement, the call's first state changes may already
   * arrive (the server may emit them before the ack is delivered); they wait here
   * until the call id is known. Null when no dial is pending.
   */
  private earlyStatuses: CallStatus[] | null = null;

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
    if (!this.session && !this.earlyStatuses) this.releaseMicrophone();
  }

  async answer(offer: CallOffer): Promise<void> {
    const { callId } = offer;
    await this.takeCall(
      () => this.signaling!.request('call:answer', { callId }),
      (message) => callActions.offerWithdrawn(callId, message ?? 'The call could not be answered.'),
      () =>
        callActions.callAnswered({
          callId,
          queueName: offer.queueName,
          callerLabel: offer.callerLabel,
          channel: offer.channel ?? 'web',
          direction: 'inbound',
          progress: 'connected',
        }),
    );
  }

  /**
   * Microphone first (so the media is ready at once), then the server's consent, then
   * the media: the one way into a call for Answer and for joining a consultation.
   */
  private async takeCall(
    request: () => Promise<JoinInfo>,
    refused: (message: string | null) => void,
    joined: () => void,
  ): Promise<void> {
    const signaling = this.signaling;
    if (!signaling) return;
    let microphone: MediaStream;
    try {
      microphone = await this.openMicrophone();
    } catch (error) {
      callActions.problem(describeMicrophoneError(error));
      return;
    }
    let join: JoinInfo;
    try {
      join = await request();
    } catch (error) {
      refused(error instanceof CommandError ? error.message : null);
      this.releaseMicrophone();
      return;
    }
    joined();
    await this.joinMedia(signaling, join, microphone);
  }

  /**
   * An outbound phone call. The server puts the agent on the call and returns the media
   * join info at once; the media joins right away, like after Answer, so that audio
   * flows the moment the far end picks up. Progress arrives as call:state-changed.
   */
  async dial(number: string): Promise<void> {
    const signaling = this.signaling;
    if (!signaling || callActions.current().dialPending) return;
    callActions.dialRequested();
    let microphone: MediaStream;
    try {
      microphone = await this.openMicrophone();
    } catch (error) {
      callActions.dialRefused(describeMicrophoneError(error));
      return;
    }
    this.earlyStatuses = [];
    let joined;
    try {
      // No queueId: agents cannot list their queues yet, so the server picks the caller ID.
      joined = await signaling.request('call:dial', { number });
    } catch (error) {
      this.earlyStatuses = null;
      this.releaseMicrophone();
      const why = error instanceof CommandError ? error.message : 'Please try again.';
      callActions.dialRefused(`The call to ${number} could not be placed. ${why}`);
      return;
    }
    const early = this.earlyStatuses.filter((s) => s.callId === joined.callId);
    this.earlyStatuses = null;
    const { status } = joined;
    callActions.callDialed({
      callId: joined.callId,
      queueName: status.queueName,
      callerLabel: status.remoteNumber ?? number,
      channel: status.channel ?? 'phone',
      direction: 'outbound',
      progress: 'dialing',
    });
    for (const s of [status, ...early]) this.statusChanged(s);
    if (callActions.current().active?.callId !== joined.callId) return; // ended before media
    await this.joinMedia(signaling, joined, microphone);
  }

  /** A call:state-changed event: progress or the end of the agent's call. */
  statusChanged(status: CallStatus): void {
    const { active, offer } = callActions.current();
    if (this.earlyStatuses && active?.callId !== status.callId && offer?.callId !== status.callId) {
      this.earlyStatuses.push(status);
      return;
    }
    if (status.state === 'ended') {
      this.releaseCall(status.callId);
      callActions.callEnded(status.callId, endedText(status));
    } else if (status.state === 'dialing' || status.state === 'ringing' || status.state === 'connected') {
      callActions.callProgressed(status.callId, status.state);
      if (status.onHold !== undefined) callActions.holdChanged(status.callId, status.onHold);
      if (status.recording) recordingActions.changed(status.callId, status.recording);
      if (status.consult !== undefined) callActions.consultChanged(status.callId, status.consult);
      if (status.external !== undefined) callActions.externalChanged(status.callId, status.external);
    }
  }

  /** Digits to the phone at the far end (RFC 4733); shown once the server has taken them. */
  async sendDtmf(callId: string, digits: string): Promise<void> {
    try {
      await this.signaling?.request('call:send-dtmf', { callId, digits });
      callActions.dtmfSent(callId, digits);
    } catch (error) {
      callActions.problem(error instanceof CommandError ? error.message : 'The digits could not be sent.');
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

  /**
   * Asks a colleague (or a queue's next free agent) to join, or dials an outside number;
   * the customer waits on hold. Returns why it was refused, in words, or null.
   */
  async consult(callId: string, target: ConsultTarget): Promise<string | null> {
    try {
      await this.signaling?.request('call:consult', { callId, ...target });
      return null;
    } catch (error) {
      if (error instanceof CommandError) return error.message;
      return 'number' in target ? `${target.number} could not be called.` : 'The colleague could not be asked.';
    }
  }

  async finishConsult(callId: string, outcome: 'complete' | 'conference' | 'cancel'): Promise<void> {
    try {
      await this.signaling?.request('call:consult-finish', { callId, outcome });
    } catch (error) {
      callActions.problem(error instanceof CommandError ? error.message : 'That did not work.');
    }
  }

  /** A colleague asked this agent to join: join the call's media as after Answer. */
  async joinConsult(request: ConsultRequested): Promise<void> {
    await this.takeCall(
      () => this.signaling!.request('call:consult-accept', { callId: request.callId }),
      (message) => {
        callActions.consultRequested(null);
        callActions.problem(message ?? 'The call could not be joined.');
      },
      () =>
        callActions.consultJoined({
          callId: request.callId,
          queueName: request.queueName,
          callerLabel: request.callerLabel,
          channel: 'web',
          direction: 'inbound',
          progress: 'connected',
        }),
    );
  }

  async declineConsult(callId: string): Promise<void> {
    callActions.consultRequested(null);
    await this.signaling?.request('call:consult-decline', { callId }).catch(() => undefined);
  }

  /** Queues and agents the call can go to. */
  async transferTargets() {
    if (!this.signaling) throw new Error('Not connected.');
    return this.signaling.request('directory:transfer-targets', {});
  }

  /** Blind transfer; returns why it was refused, in words, or null once the call has gone. */
  async transfer(callId: string, to: TransferTarget): Promise<string | null> {
    try {
      await this.signaling?.request('call:transfer', { callId, to });
      return null;
    } catch (error) {
      return error instanceof CommandError ? error.message : 'The call could not be transferred.';
    }
  }

  /** Record, Pause recording, Resume recording; the server's state-changed event confirms it. */
  async recording(callId: string, action: 'start' | 'pause' | 'resume'): Promise<void> {
    try {
      await this.signaling?.request('call:recording', { callId, action });
    } catch (error) {
      callActions.problem(error instanceof CommandError ? error.message : 'The recording did not change.');
    }
  }

  /** Hold or resume the customer; the server's state-changed event confirms it. */
  async setHold(callId: string, held: boolean): Promise<void> {
    try {
      await this.signaling?.request('call:hold', { callId, held });
      callActions.holdChanged(callId, held);
    } catch (error) {
      callActions.problem(error instanceof CommandError ? error.message : held ? 'Hold did not work.' : 'Resume did not work.');
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

  private releaseCall(callId: string): void {
    if (this.session?.callId === callId || !this.session) this.teardown();
  }

  private async joinMedia(signaling: SignalingClient, joined: JoinInfo, microphone: MediaStream): Promise<void> {
    const session = new CallMediaSession(signaling, joined, microphone.getAudioTracks()[0]!);
    this.session = session;
    if (this.audio) this.audio.srcObject = session.remoteStream;
    try {
      await session.start();
      callActions.mediaConnected(joined.callId);
    } catch (error) {
      // Hanging up while the media joins closes the session under start(): not a failure.
      if (this.session !== session) return;
      console.error('call media failed', error);
      callActions.problem(
        error instanceof UnsupportedSendCodecError
          ? `${error.message} Hang up and try again.`
          : 'The call audio could not be connected. Hang up and try the next call.',
      );
    }
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

/** Why the agent's call ended, in words; a call handed to a number names it. */
function endedText(status: CallStatus): string {
  if (status.endReason === 'transferred') return transferredText(status.external);
  return status.endReason ? endReasonText[status.endReason] : 'The call ended.';
}
