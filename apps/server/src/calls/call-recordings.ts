import type { RecordingPolicy } from '@cc/shared';
import { AppError, conflict, forbidden } from '../errors.ts';
import type { MediaRooms } from '../media/media-service.ts';
import { CallRecorder, type RecorderDeps } from './call-recorder.ts';
import type { LiveCall } from './live-call.ts';

export type RecordingAction = 'start' | 'pause' | 'resume';

/**
 * The recording policy applied to live calls. A queue records `all` its calls (from the
 * first answer), `none`, or `on-demand` (when the agent presses Record). Once started, a
 * recording runs until the call ends, across hold, transfer and consultation; the agent
 * on the call may pause and resume it. Recorders live on the call's node, with its media.
 */
export class CallRecordings {
  private readonly recorders = new Map<string, CallRecorder>();
  private readonly starting = new Map<string, Promise<CallRecorder>>();

  constructor(
    private readonly deps: RecorderDeps & {
      media: MediaRooms;
      policyOf(queueId: string): Promise<RecordingPolicy>;
      /** The call's status changed (recording state): tell its participants. */
      publish(call: LiveCall): void;
    },
  ) {}

  /** An agent answered or joined the call: a queue that records all starts here. */
  async agentJoined(call: LiveCall, userId: string): Promise<void> {
    const policy = await this.deps.policyOf(call.queueId);
    call.recording.policy = policy;
    if (!this.recorders.has(call.id) && !this.starting.has(call.id) && policy === 'all') await this.start(call);
    this.recorders.get(call.id)?.agentJoined(userId);
  }

  /** Record, Pause recording, Resume recording from the agent on the call. */
  async command(call: LiveCall, agentId: string, action: RecordingAction): Promise<void> {
    if (call.agentId !== agentId) throw forbidden('You are not on this call.');
    if (call.state !== 'connected') throw conflict('The call is not connected.');
    const recorder = this.recorders.get(call.id);
    if (action === 'start') {
      if (recorder || this.starting.has(call.id)) throw conflict('This call is already being recorded.');
      const policy = await this.deps.policyOf(call.queueId);
      if (policy === 'none') throw forbidden(`Calls in ${call.queueName} are not recorded.`);
      const started = await this.start(call);
      started.agentJoined(agentId);
      return;
    }
    if (!recorder) throw conflict('This call is not being recorded.');
    if (action === 'pause') recorder.pause(agentId);
    else recorder.resume();
    call.recording.state = recorder.state;
    this.deps.publish(call);
  }

  /** The call ended: its recording is finished and stored. */
  async callEnded(call: LiveCall): Promise<void> {
    const recorder = this.recorders.get(call.id) ?? (await this.starting.get(call.id)?.catch(() => undefined));
    this.recorders.delete(call.id);
    await recorder?.stop();
  }

  recorderOf(callId: string): CallRecorder | undefined {
    return this.recorders.get(callId);
  }

  private async start(call: LiveCall): Promise<CallRecorder> {
    const room = this.deps.media.getRoom(call.id);
    if (!room) throw new AppError('unavailable', 'The call has no media.');
    const starting = CallRecorder.start(this.deps, room, call);
    this.starting.set(call.id, starting);
    try {
      const recorder = await starting;
      if (call.state === 'ended') {
        await recorder.stop();
        return recorder;
      }
      this.recorders.set(call.id, recorder);
      call.recording.state = 'recording';
      this.deps.log.info({ callId: call.id, recordingId: recorder.id }, 'recording started');
      this.deps.publish(call);
      return recorder;
    } finally {
      this.starting.delete(call.id);
    }
  }
}
