import type { MonitorMode } from '@cc/shared';
import type { AcdService } from '../acd/acd-service.ts';
import { AppError, conflict, forbidden, notFound } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { MediaRooms } from '../media/media-service.ts';
import type { Notifier } from '../signaling/notifier.ts';
import type { LiveCall } from './live-call.ts';

/** A supervisor or admin acting on a call. */
export interface Supervisor {
  userId: string;
  displayName: string;
  role: 'supervisor' | 'admin';
}

/**
 * Supervisors on live calls: Listen, Whisper, Barge (a mode of one media participant, so
 * switching is instant and needs no new connection), and Take over (the agent leaves to
 * wrap-up and the supervisor keeps the customer, heard by everyone). Supervisors may act
 * on calls of the agents of teams they supervise; admins on any. Each step is a row in
 * the call's event log.
 */
export interface SupervisionDeps {
  calls: (callId: string) => LiveCall | undefined;
  acd: AcdService;
  media: MediaRooms;
  notifier: Notifier;
  log: Logger;
  /** The agents a supervisor supervises (their teams' members). */
  supervisedBy(userId: string): Promise<string[]>;
  recordEvent(call: LiveCall, type: string, agentId: string | null, data?: Record<string, unknown>): void;
}

export const supervisorKey = (userId: string) => `supervisor:${userId}`;

export class Supervision {
  constructor(private readonly deps: SupervisionDeps) {}

  /** Starts monitoring, or changes the mode of a supervisor already on the call. */
  async monitor(supervisor: Supervisor, callId: string, mode: MonitorMode): Promise<{ call: LiveCall; joined: boolean }> {
    const call = await this.callInScope(supervisor, callId);
    if (call.agentId === supervisor.userId) throw conflict('You have taken this call over.');
    const room = this.deps.media.getRoom(callId);
    if (!room) throw new AppError('unavailable', 'The call has no media.');
    const joined = !call.monitors.has(supervisor.userId);
    if (!joined && call.monitors.get(supervisor.userId) === mode) return { call, joined };
    call.monitors.set(supervisor.userId, mode);
    await room.setMonitorMode(supervisorKey(supervisor.userId), mode);
    this.deps.recordEvent(call, `monitor-${mode}`, null, { by: supervisor.userId, name: supervisor.displayName });
    this.deps.log.info({ callId, supervisor: supervisor.userId, mode }, 'monitoring');
    return { call, joined };
  }

  /** The supervisor takes the call: everyone hears them, the agent leaves. */
  async takeOver(supervisor: Supervisor, callId: string): Promise<void> {
    const call = await this.callInScope(supervisor, callId);
    if (!call.monitors.has(supervisor.userId)) throw conflict('Listen to the call before taking it over.');
    if (call.consult || call.external) throw conflict('Wait until the agent has finished their consultation.');
    // Taken over on hold, the customer would wait in music for a supervisor who has not
    // yet spoken to them: the agent resumes first (the supervisor can hold again after).
    if (call.onHold) throw conflict('The customer is on hold: take over once the agent has resumed the call.');
    const leaving = call.agentId!;
    const leavingKey = call.agentCallKey;
    const at = new Date();
    const handled = call.answeredAt ? (at.getTime() - call.answeredAt.getTime()) / 1000 : null;
    this.deps.notifier.leaveCall(leaving, call.id);
    this.deps.media.getRoom(callId)?.removeParticipant(`agent:${leaving}`);
    call.monitors.set(supervisor.userId, 'barge');
    await this.deps.media.getRoom(callId)?.actAsAgent(supervisorKey(supervisor.userId));
    call.agentId = supervisor.userId;
    call.agentName = supervisor.displayName;
    call.agentIsSupervisor = true;
    call.takenOverFrom = leaving;
    this.deps.recordEvent(call, 'taken-over', leaving, { by: supervisor.userId, name: supervisor.displayName });
    this.deps.notifier.toUser(leaving, 'call:state-changed', { ...call.status(), state: 'ended', endReason: 'taken-over' });
    await this.deps.acd.callEnded(leaving, leavingKey, call.queueId, handled, { callGoesOn: true });
    this.deps.notifier.toCall(call.id, 'call:state-changed', call.status());
  }

  /** The supervisor stops monitoring; the call goes on. */
  leave(userId: string, callId: string): void {
    const call = this.deps.calls(callId);
    if (!call || !call.monitors.has(userId)) return;
    if (call.agentId === userId) throw conflict('You have taken this call over: hang up to end it.');
    call.monitors.delete(userId);
    this.deps.media.getRoom(callId)?.removeParticipant(supervisorKey(userId));
    this.deps.notifier.leaveCall(userId, callId);
    this.deps.recordEvent(call, 'monitor-left', null, { by: userId });
  }

  private async callInScope(supervisor: Supervisor, callId: string): Promise<LiveCall> {
    const call = this.deps.calls(callId);
    if (!call || call.state === 'ended') throw notFound('That call');
    if (call.state !== 'connected' || !call.agentId) throw conflict('Only a call an agent is on can be monitored.');
    if (supervisor.role === 'admin' || call.agentId === supervisor.userId) return call;
    const agents = await this.deps.supervisedBy(supervisor.userId);
    if (!agents.includes(call.agentId)) throw forbidden("That call's agent is not in a team you supervise.");
    return call;
  }
}
