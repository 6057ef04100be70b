import { randomUUID } from 'node:crypto';
import { FRAME_SAMPLES, MIX_RATE } from '../media/audio/pcm-codecs.ts';
import type { CallRoom } from '../media/call-room.ts';
import { RecordingSession, type RecordingSessionDeps } from '../recordings/recording-session.ts';
import { RECORDING_SAMPLE_RATE } from '../recordings/wav-format.ts';

export type RecorderDeps = RecordingSessionDeps;

/**
 * The media side of one call's recording: every 20 ms the room's decoded frames become
 * one stereo frame for the recording session, the customer on the left and the agent's
 * side (agents, a consulted number, a supervisor who whispers or barges) on the right;
 * the music on hold and a supervisor only listening are left out. The
 * room's hold state is followed here, so a hold is marked whoever held the call and by
 * whichever path (hold button, transfer, consultation).
 */
export class CallRecorder {
  private unsubscribe: (() => void) | null = null;
  private stopping: Promise<void> | null = null;

  private constructor(
    private readonly room: CallRoom,
    private readonly session: RecordingSession,
  ) {}

  static async start(deps: RecorderDeps, room: CallRoom, call: { id: string; queueId: string }): Promise<CallRecorder> {
    // The mixer's rate is the file's: frames go in without resampling.
    if (RECORDING_SAMPLE_RATE !== MIX_RATE) throw new Error('recording and mixing rates differ');
    const session = await RecordingSession.start({ recordingId: randomUUID(), callId: call.id, queueId: call.queueId }, deps);
    const recorder = new CallRecorder(room, session);
    recorder.unsubscribe = await room.onFrames((frames) => recorder.onFrames(frames));
    return recorder;
  }

  get id(): string {
    return this.session.id;
  }

  get state(): 'recording' | 'paused' {
    return this.session.paused ? 'paused' : 'recording';
  }

  get positionMs(): number {
    return this.session.durationMs;
  }

  agentJoined(userId: string): void {
    this.session.addAgent(userId);
  }

  pause(byUserId: string): void {
    this.session.pause(byUserId);
  }

  resume(): void {
    this.session.resume();
  }

  private onFrames(frames: ReadonlyMap<string, Int16Array>): void {
    if (this.room.onHold !== this.session.onHold) {
      if (this.room.onHold) this.session.holdStarted();
      else this.session.holdEnded();
    }
    const left = new Int32Array(FRAME_SAMPLES);
    const right = new Int32Array(FRAME_SAMPLES);
    for (const [producerId, frame] of frames) {
      const which = this.room.recordingSideOf(producerId);
      const side = which === 'customer' ? left : which === 'agent' ? right : null;
      if (!side) continue;
      for (let i = 0; i < FRAME_SAMPLES; i++) side[i]! += frame[i]!;
    }
    const stereo = new Int16Array(FRAME_SAMPLES * 2);
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      stereo[2 * i] = Math.max(-32768, Math.min(32767, left[i]!));
      stereo[2 * i + 1] = Math.max(-32768, Math.min(32767, right[i]!));
    }
    this.session.write(stereo);
  }

  /** Ends the recording: file sealed, metadata stored (see RecordingSession.finish). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.unsubscribe?.();
      await this.session.finish();
    })();
    return this.stopping;
  }
}
