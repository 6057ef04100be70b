import { EventEmitter } from 'node:events';
import type { AgentStatus } from '@cc/shared';
import { assertTransition } from '../domain/transition-table.ts';
import { SerialQueue } from '../domain/serial-queue.ts';
import { AppError, conflict } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { AgentPresence, WaitingCall } from './acd-model.ts';
import { agentTransitions } from './agent-state.ts';
import type { AcdLiveState } from './live-state.ts';
import { planOffers, queuePositions } from './routing.ts';

export type OfferEndReason = 'timeout' | 'declined' | 'customer-hangup' | 'agent-gone';

export interface AcdEvents {
  /** An agent's presence changed (status, reason, call, wrap-up end). */
  'agent-changed': [agent: AgentPresence];
  'call-offered': [offer: { call: WaitingCall; agentId: string; expiresAt: Date }];
  /** An offer ended without an answer; the call is waiting again unless it hung up. */
  'offer-ended': [ended: { call: WaitingCall; agentId: string; reason: OfferEndReason }];
  /** The waiting calls of a queue, in order (positions for the customers). */
  'queue-changed': [queue: { queueId: string; positions: Map<string, number> }];
}

export interface QueueTimings {
  ringTimeoutMs: number;
  wrapUpMs: number;
}

export interface AcdOptions {
  /** Timings of a queue by id (ring timeout per offer, wrap-up after a call). */
  timingsOf: (queueId: string) => Promise<QueueTimings>;
  /** Offers missed in a row before an agent is set Away. Default 2. */
  maxMissedOffers?: number;
  now?: () => Date;
}

/**
 * The ACD: owns every routing decision. It keeps agents' presence and the waiting
 * calls in `AcdLiveState`, decides one thing at a time (a SerialQueue), and reports
 * what it decided as events; the call service turns them into call transitions,
 * records and notifications. No socket.io, mediasoup or SQL in here.
 */
export class AcdService extends EventEmitter<AcdEvents> {
  private readonly decisions = new SerialQueue();
  private readonly ringTimers = new Map<string, NodeJS.Timeout>();
  private readonly wrapUpTimers = new Map<string, NodeJS.Timeout>();
  private sequence = 0;
  private readonly maxMissedOffers: number;
  private readonly now: () => Date;

  constructor(
    private readonly state: AcdLiveState,
    private readonly options: AcdOptions,
    private readonly log: Logger,
  ) {
    super();
    this.maxMissedOffers = options.maxMissedOffers ?? 2;
    this.now = options.now ?? (() => new Date());
  }

  /** Registers a signed-in agent (offline until they choose a status) and returns them. */
  signIn(agent: { userId: string; displayName: string; queueIds: string[] }): Promise<AgentPresence> {
    return this.decide(async () => {
      const existing = await this.state.getAgent(agent.userId);
      if (existing) {
        existing.queueIds = agent.queueIds;
        existing.displayName = agent.displayName;
        await this.state.putAgent(existing);
        return existing;
      }
      const at = this.now();
      const presence: AgentPresence = {
        ...agent,
        status: 'offline',
        since: at,
        idleSince: at,
        reason: null,
        callId: null,
        wrapUpEndsAt: null,
        missedOffers: 0,
      };
      await this.state.putAgent(presence);
      return presence;
    });
  }

  getAgent(userId: string): Promise<AgentPresence | undefined> {
    return this.state.getAgent(userId);
  }

  listAgents(): Promise<AgentPresence[]> {
    return this.state.listAgents();
  }

  /** Calls waiting or ringing, in arrival order (the live snapshot). */
  listWaitingCalls(): Promise<WaitingCall[]> {
    return this.state.listCalls();
  }

  /** The agent's own choice: available or away. */
  setStatus(userId: string, status: 'available' | 'away'): Promise<AgentPresence> {
    return this.decide(async () => {
      const agent = await this.requireAgent(userId);
      if (agent.status === status) return agent;
      if (agent.status === 'ringing' || agent.status === 'on-call') {
        throw conflict('Finish the current call first.');
      }
      if (agent.status === 'wrap-up') this.clearWrapUp(agent);
      return this.moveAgent(agent, status, null);
    });
  }

  /** Ends wrap-up early. */
  ready(userId: string): Promise<AgentPresence> {
    return this.decide(async () => {
      const agent = await this.requireAgent(userId);
      if (agent.status === 'available') return agent;
      if (agent.status !== 'wrap-up') throw conflict('Ready ends wrap-up; you are not in wrap-up.');
      this.clearWrapUp(agent);
      return this.moveAgent(agent, 'available', null);
    });
  }

  /** A customer joins a queue. */
  enqueue(call: { callId: string; queueId: string; queueName: string; callerLabel: string; queuedAt: Date }) {
    return this.decide(async () => {
      await this.state.putCall({
        ...call,
        sequence: ++this.sequence,
        offeredTo: null,
        offerExpiresAt: null,
        triedAgentIds: [],
      });
      await this.publishPositions(call.queueId);
    });
  }

  /** The agent takes the call offered to them; returns the waiting call it was. */
  accept(userId: string, callId: string): Promise<WaitingCall> {
    return this.decide(async () => {
      const call = await this.state.getCall(callId);
      if (!call || call.offeredTo !== userId) throw conflict('This call is no longer offered to you.');
      const agent = await this.requireAgent(userId);
      this.clearRingTimer(callId);
      await this.state.deleteCall(callId);
      agent.missedOffers = 0;
      await this.moveAgent(agent, 'on-call', null, callId);
      await this.publishPositions(call.queueId);
      return call;
    });
  }

  decline(userId: string, callId: string): Promise<void> {
    return this.decide(async () => {
      const call = await this.state.getCall(callId);
      if (!call || call.offeredTo !== userId) throw conflict('This call is no longer offered to you.');
      await this.endOffer(call, 'declined');
    });
  }

  /**
   * The customer left before an agent answered (abandon), or the call failed.
   * Returns true if the call was still waiting or ringing.
   */
  removeCall(callId: string): Promise<boolean> {
    return this.decide(async () => {
      const call = await this.state.getCall(callId);
      if (!call) return false;
      if (call.offeredTo) await this.endOffer(call, 'customer-hangup');
      await this.state.deleteCall(callId);
      await this.publishPositions(call.queueId);
      return true;
    });
  }

  /** A connected call ended: its agent goes to wrap-up (or straight to available with none). */
  callEnded(userId: string, callId: string, queueId: string): Promise<void> {
    return this.decide(async () => {
      const agent = await this.state.getAgent(userId);
      if (!agent || agent.callId !== callId || agent.status !== 'on-call') return;
      const { wrapUpMs } = await this.options.timingsOf(queueId);
      if (wrapUpMs === 0) {
        await this.moveAgent(agent, 'available', null);
        return;
      }
      agent.wrapUpEndsAt = new Date(this.now().getTime() + wrapUpMs);
      await this.moveAgent(agent, 'wrap-up', null, callId);
      this.wrapUpTimers.set(
        userId,
        setTimeout(() => {
          this.wrapUpTimers.delete(userId);
          void this.decide(async () => {
            const current = await this.state.getAgent(userId);
            if (current?.status === 'wrap-up' && current.callId === callId) {
              await this.moveAgent(current, 'available', 'Wrap-up time ended');
            }
          }).catch((error) => this.log.error({ err: error, userId }, 'wrap-up timer failed'));
        }, wrapUpMs),
      );
    });
  }

  /** The agent signed out or their connection is gone for good. */
  signOut(userId: string, reason: string): Promise<void> {
    return this.decide(async () => {
      const agent = await this.state.getAgent(userId);
      if (!agent || agent.status === 'offline') return;
      if (agent.status === 'ringing' && agent.callId) {
        const call = await this.state.getCall(agent.callId);
        if (call) await this.endOffer(call, 'agent-gone');
      }
      const fresh = (await this.state.getAgent(userId))!;
      this.clearWrapUp(fresh);
      await this.moveAgent(fresh, 'offline', reason);
    });
  }

  /** Waits for every decision queued so far (tests, shutdown). */
  settled(): Promise<void> {
    return this.decisions.idle();
  }

  close(): void {
    for (const t of this.ringTimers.values()) clearTimeout(t);
    for (const t of this.wrapUpTimers.values()) clearTimeout(t);
    this.ringTimers.clear();
    this.wrapUpTimers.clear();
  }

  /** Runs one decision, then offers whatever can now be offered. */
  private decide<T>(work: () => Promise<T>): Promise<T> {
    return this.decisions.run(async () => {
      const result = await work();
      await this.route();
      return result;
    });
  }

  private async route(): Promise<void> {
    const calls = await this.state.listCalls();
    const offers = planOffers(calls, await this.state.listAgents());
    for (const { callId, agentId } of offers) {
      const call = calls.find((c) => c.callId === callId)!;
      const agent = (await this.state.getAgent(agentId))!;
      const { ringTimeoutMs } = await this.options.timingsOf(call.queueId);
      const expiresAt = new Date(this.now().getTime() + ringTimeoutMs);
      call.offeredTo = agentId;
      call.offerExpiresAt = expiresAt;
      await this.state.putCall(call);
      await this.moveAgent(agent, 'ringing', null, callId);
      this.ringTimers.set(
        callId,
        setTimeout(() => this.onRingTimeout(callId, agentId), ringTimeoutMs),
      );
      this.log.info({ callId, agentId, ringTimeoutMs }, 'call offered');
      this.emitSafely('call-offered', { call, agentId, expiresAt });
    }
  }

  private onRingTimeout(callId: string, agentId: string): void {
    this.ringTimers.delete(callId);
    void this.decide(async () => {
      const call = await this.state.getCall(callId);
      if (call?.offeredTo === agentId) await this.endOffer(call, 'timeout');
    }).catch((error) => this.log.error({ err: error, callId }, 'ring timeout failed'));
  }

  /** Takes an unanswered offer back: the call waits again, the agent is freed. */
  private async endOffer(call: WaitingCall, reason: OfferEndReason): Promise<void> {
    const agentId = call.offeredTo!;
    this.clearRingTimer(call.callId);
    call.offeredTo = null;
    call.offerExpiresAt = null;
    if (reason === 'timeout' || reason === 'declined') call.triedAgentIds.push(agentId);
    await this.state.putCall(call);
    const agent = await this.state.getAgent(agentId);
    if (agent?.status === 'ringing' && agent.callId === call.callId) {
      if (reason === 'timeout') {
        agent.missedOffers += 1;
        if (agent.missedOffers >= this.maxMissedOffers) {
          await this.moveAgent(agent, 'away', `Missed ${agent.missedOffers} calls in a row`);
        } else {
          await this.moveAgent(agent, 'available', 'Missed a call');
        }
      } else if (reason !== 'agent-gone') {
        await this.moveAgent(agent, 'available', reason === 'declined' ? 'Declined a call' : 'The caller hung up');
      }
    }
    this.log.info({ callId: call.callId, agentId, reason }, 'offer ended');
    this.emitSafely('offer-ended', { call, agentId, reason });
  }

  private async moveAgent(
    agent: AgentPresence,
    status: AgentStatus,
    reason: string | null,
    callId: string | null = null,
  ): Promise<AgentPresence> {
    assertTransition(agentTransitions, 'agent', agent.status, status);
    const at = this.now();
    agent.status = status;
    agent.since = at;
    agent.reason = reason;
    agent.callId = callId;
    if (status !== 'wrap-up') agent.wrapUpEndsAt = null;
    // Becoming free starts the idle clock that longest-idle routing reads.
    if (status === 'available') agent.idleSince = at;
    await this.state.putAgent(agent);
    this.emitSafely('agent-changed', agent);
    return agent;
  }

  private async publishPositions(queueId: string): Promise<void> {
    this.emitSafely('queue-changed', { queueId, positions: queuePositions(await this.state.listCalls(), queueId) });
  }

  private async requireAgent(userId: string): Promise<AgentPresence> {
    const agent = await this.state.getAgent(userId);
    if (!agent) throw new AppError('not-found', 'You are not signed in as an agent.');
    return agent;
  }

  private clearRingTimer(callId: string): void {
    clearTimeout(this.ringTimers.get(callId));
    this.ringTimers.delete(callId);
  }

  private clearWrapUp(agent: AgentPresence): void {
    clearTimeout(this.wrapUpTimers.get(agent.userId));
    this.wrapUpTimers.delete(agent.userId);
  }

  /** A listener's exception is logged, never allowed to break a decision. */
  private emitSafely<K extends keyof AcdEvents>(event: K, ...args: AcdEvents[K]): void {
    for (const listener of this.listeners(event) as Array<(...a: AcdEvents[K]) => unknown>) {
      try {
        const r = listener(...args);
        if (r instanceof Promise) r.catch((error) => this.log.error({ err: error, event }, 'ACD listener failed'));
      } catch (error) {
        this.log.error({ err: error, event }, 'ACD listener failed');
      }
    }
  }
}
