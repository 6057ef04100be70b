import { EventEmitter } from 'node:events';
import type { AgentSkill, AgentStatus, Queue, QueueMembership } from '@cc/shared';
import { assertTransition } from '../domain/transition-table.ts';
import { AppError, conflict } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { AcdEvents, OfferEndReason, OverflowReason } from './acd-events.ts';
import { queueIdsOf, type AgentPresence, type WaitingCall } from './acd-model.ts';
import { agentTransitions } from './agent-state.ts';
import type { AcdLiveState, NodeMessage } from './live-state.ts';
import { decodeNodeMessage, encodeNodeMessage, type CallEventName } from './node-messages.ts';
import { DecisionCalls } from './decision-calls.ts';
import { QueueCache } from './queue-cache.ts';
import { localDate } from '../calendar/local-time.ts';
import { estimateWaitSeconds, planOffers, queuePositions, answeredToday, type RoutingContext } from './routing.ts';

export type { AcdEvents, OfferEndReason } from './acd-events.ts';

/** What the ACD reads of a queue's settings. */
export type AcdQueue = Pick<
  Queue,
  | 'id'
  | 'name'
  | 'strategy'
  | 'requiredSkills'
  | 'priority'
  | 'priorityAgingPerMinute'
  | 'ringTimeoutMs'
  | 'wrapUpMs'
  | 'maxWaitingCalls'
  | 'maxWaitMs'
  | 'overflow'
>;

export interface AcdOptions {
  /** This server node; it carries the calls it enqueues. */
  nodeId: string;
  /** A queue's settings by id, null if it no longer exists. Cached here for a few seconds. */
  queueOf: (queueId: string) => Promise<AcdQueue | null>;
  /** Offers missed in a row before an agent is set Away. Default 2. */
  maxMissedOffers?: number;
  /** How often every node checks deadlines (offers, wrap-up, maximum waits, dead nodes). Default 1000. */
  sweepIntervalMs?: number;
  /** A node silent this long is dead and its calls are lost. Default 5000. */
  nodeTtlMs?: number;
  /** Overflows one call may take before it is ended instead (loops in configuration). Default 5. */
  maxOverflowHops?: number;
  /** Handle time assumed for wait estimates before a queue has answered calls. Default 180 s. */
  defaultHandleSeconds?: number;
  /** The contact center's time zone (IANA): an agent's count of calls answered today resets at its midnight. Default UTC. */
  timeZone?: string;
  now?: () => Date;
  random?: () => number;
}

interface AcdRoutingContext extends RoutingContext {
  queues: Map<string, AcdQueue>;
}


/**
 * The ACD: owns every routing decision. Agents' presence and the waiting calls live in
 * `AcdLiveState`, shared by every node; each decision runs exclusively across nodes and
 * pairs calls with agents through atomic claims. Decisions are reported as events: the
 * node carrying a call hears about it (forwarded when another node decided). Deadlines
 * (ring timeouts, wrap-up, maximum waits) are timers on the deciding node plus a sweep
 * on every node, so none is missed when a node dies. No socket.io, mediasoup or SQL here.
 */
export class AcdService extends EventEmitter<AcdEvents> {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly calls: DecisionCalls;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly queues: QueueCache<AcdQueue>;
  private readonly nodeId: string;
  private readonly maxMissedOffers: number;
  private readonly now: () => Date;
  private readonly random: () => number;
  /** The contact center's date now, YYYY-MM-DD. */
  private readonly today: () => string;
  private lastEstimatesAt = 0;
  private closed = false;

  constructor(
    private readonly state: AcdLiveState,
    private readonly options: AcdOptions,
    private readonly log: Logger,
  ) {
    super();
    this.nodeId = options.nodeId;
    this.maxMissedOffers = options.maxMissedOffers ?? 2;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.today = () => localDate(this.now(), options.timeZone ?? 'UTC');
    this.queues = new QueueCache(options.queueOf, 5_000);
    this.calls = new DecisionCalls(state);
  }

  /** Joins the shared state: hears other nodes' decisions, heartbeats, sweeps deadlines. */
  async start(): Promise<void> {
    await this.state.subscribe(this.nodeId, (message) => this.deliver(message));
    await this.state.heartbeat(this.nodeId, this.options.nodeTtlMs ?? 5_000);
    const every = this.options.sweepIntervalMs ?? 1_000;
    this.sweeper = setInterval(() => {
      void this.state
        .heartbeat(this.nodeId, this.options.nodeTtlMs ?? 5_000)
        .then(() => this.decide(() => this.sweep()))
        .catch((err) => this.log.error({ err }, 'ACD sweep failed'));
    }, every);
  }

  /** A queue's settings changed (admin): the next decisions read them afresh. */
  queueChanged(queueId: string): void {
    this.queues.forget(queueId);
  }

  /** Registers a signed-in agent (offline until they choose a status) and returns them. */
  signIn(agent: { userId: string; displayName: string; memberships: QueueMembership[]; skills: AgentSkill[] }) {
    return this.decide(async () => {
      const existing = await this.state.getAgent(agent.userId);
      if (existing) {
        Object.assign(existing, agent);
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
        answeredToday: 0,
        answeredOn: this.today(),
        lastOfferedAt: {},
      };
      await this.state.putAgent(presence);
      return presence;
    });
  }

  /** An admin changed the agent's queues or skills: routing uses them from now on. */
  updateProfile(userId: string, profile: { memberships: QueueMembership[]; skills: AgentSkill[] }): Promise<void> {
    return this.decide(async () => {
      const agent = await this.state.getAgent(userId);
      if (!agent) return;
      agent.memberships = profile.memberships;
      agent.skills = profile.skills;
      await this.state.putAgent(agent);
      if (agent.status === 'available') this.touch(queueIdsOf(agent));
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

  /**
   * Available or away: the agent's own choice, or a supervisor's, whose `reason` (in
   * words) the agent sees.
   */
  setStatus(userId: string, status: 'available' | 'away', reason: string | null = null): Promise<AgentPresence> {
    return this.decide(async () => {
      const agent = await this.requireAgent(userId);
      if (agent.status === status) return agent;
      if (agent.status === 'ringing' || agent.status === 'on-call') {
        throw conflict('Finish the current call first.');
      }
      return this.moveAgent(agent, status, reason);
    });
  }

  /** Ends wrap-up early. */
  ready(userId: string): Promise<AgentPresence> {
    return this.decide(async () => {
      const agent = await this.requireAgent(userId);
      if (agent.status === 'available') return agent;
      if (agent.status !== 'wrap-up') throw conflict('Ready ends wrap-up; you are not in wrap-up.');
      return this.moveAgent(agent, 'available', null);
    });
  }

  /** A customer joins a queue; this node carries the call. A full queue overflows it at once. */
  enqueue(call: {
    callId: string;
    queueId: string;
    queueName: string;
    callerLabel: string;
    queuedAt: Date;
    priority?: number;
    /** A transfer to one agent. */
    targetAgentId?: string | null;
    /** When it entered this queue, if later than queuedAt (a transfer). */
    enteredQueueAt?: Date;
  }) {
    return this.decide(async () => {
      const waiting: WaitingCall = {
        ...call,
        priority: call.priority ?? 0,
        enteredQueueAt: call.enteredQueueAt ?? call.queuedAt,
        sequence: await this.state.nextSequence(),
        nodeId: this.nodeId,
        overflowHops: 0,
        offeredTo: null,
        offerExpiresAt: null,
        triedAgentIds: [],
      };
      await this.state.setCallNode(call.callId, this.nodeId);
      await this.admit(waiting);
      // A target outside this queue is found by planning every queue.
      if (call.targetAgentId) this.touch('all');
    });
  }

  /** The agent takes the call offered to them; returns the waiting call it was. */
  accept(userId: string, callId: string): Promise<WaitingCall> {
    return this.decide(async () => {
      const call = await this.calls.get(callId);
      if (!call || call.offeredTo !== userId || (await this.state.claimOf(userId)) !== callId) {
        throw conflict('This call is no longer offered to you.');
      }
      const agent = await this.requireAgent(userId);
      await this.calls.delete(callId);
      const today = this.today();
      agent.answeredToday = answeredToday(agent, today) + 1;
      agent.answeredOn = today;
      agent.missedOffers = 0;
      await this.moveAgent(agent, 'on-call', null, callId);
      await this.publishPositions(call.queueId);
      return call;
    });
  }

  /** The node that carries a call, as the shared state says; null when none does. */
  nodeOfCall(callId: string): Promise<string | null> {
    return this.state.callNode(callId);
  }

  /**
   * The agent dials out. They are on that call until it ends, then wrap up as after any
   * call; the claim keeps the router from offering them a queued call meanwhile.
   */
  startOutbound(userId: string, callId: string): Promise<AgentPresence> {
    return this.decide(async () => {
      const agent = await this.requireAgent(userId);
      if (agent.status === 'offline') throw conflict('Choose Available or Away before dialling.');
      if (agent.status !== 'available' && agent.status !== 'away' && agent.status !== 'wrap-up') {
        throw conflict('Finish the current call before dialling.');
      }
      if (!(await this.state.claim(callId, userId))) throw conflict('You are already on a call.');
      await this.state.setCallNode(callId, this.nodeId);
      return this.moveAgent(agent, 'on-call', null, callId);
    });
  }

  decline(userId: string, callId: string): Promise<void> {
    return this.decide(async () => {
      const call = await this.calls.get(callId);
      if (!call || call.offeredTo !== userId) throw conflict('This call is no longer offered to you.');
      await this.endOffer(call, 'declined');
    });
  }

  /**
   * The call left before an agent answered (abandon), or ended for another reason while
   * waiting. Returns true if it was still waiting or ringing.
   */
  removeCall(callId: string): Promise<boolean> {
    return this.decide(async () => {
      await this.state.clearCallNode(callId);
      const call = await this.calls.get(callId);
      if (!call) return false;
      if (call.offeredTo) await this.endOffer(call, 'customer-hangup');
      await this.calls.delete(callId);
      await this.state.releaseCall(callId);
      await this.publishPositions(call.queueId);
      return true;
    });
  }

  /**
   * A connected call ended after `handledSeconds`: its agent goes to wrap-up (or straight
   * to available with none) and the queue's handle time feeds wait estimates.
   */
  callEnded(
    userId: string,
    callId: string,
    queueId: string,
    handledSeconds: number | null = null,
    options: { callGoesOn?: boolean } = {},
  ): Promise<void> {
    return this.decide(async () => {
      // An agent handing a call over leaves it alive: other nodes must still find it.
      if (!options.callGoesOn) await this.state.clearCallNode(callId);
      if (handledSeconds !== null) await this.state.recordHandleTime(queueId, handledSeconds);
      if ((await this.state.claimOf(userId)) === callId) await this.state.releaseAgent(userId);
      const agent = await this.state.getAgent(userId);
      if (!agent || agent.callId !== callId || agent.status !== 'on-call') return;
      const wrapUpMs = (await this.queues.get(queueId))?.wrapUpMs ?? 0;
      if (wrapUpMs === 0) {
        // The state machine passes through wrap-up; with none configured it lasts no time.
        await this.moveAgent(agent, 'wrap-up', null, callId);
        await this.moveAgent(agent, 'available', null);
        return;
      }
      agent.wrapUpEndsAt = new Date(this.now().getTime() + wrapUpMs);
      await this.moveAgent(agent, 'wrap-up', null, callId);
      this.wakeAt(agent.wrapUpEndsAt);
    });
  }

  /**
   * The agent's connection is gone and their call lives on another node: that node ends
   * it (here the call is only a line in the shared state). Returns false if no node has it.
   */
  async requestEnd(callId: string, reason: 'agent-disconnected'): Promise<boolean> {
    const nodeId = await this.state.callNode(callId);
    if (!nodeId) return false;
    this.emitForCall(nodeId, 'call-end-requested', { callId, reason });
    return true;
  }

  /** The agent signed out or their connection is gone for good. */
  signOut(userId: string, reason: string): Promise<void> {
    return this.decide(async () => {
      const agent = await this.state.getAgent(userId);
      if (!agent || agent.status === 'offline') return;
      if (agent.status === 'ringing' && agent.callId) {
        const call = await this.calls.get(agent.callId);
        if (call?.offeredTo === userId) await this.endOffer(call, 'agent-gone');
      }
      await this.state.releaseAgent(userId);
      const fresh = (await this.state.getAgent(userId))!;
      await this.moveAgent(fresh, 'offline', reason);
    });
  }

  /** Waits for every decision queued so far (tests, shutdown). */
  settled(): Promise<void> {
    return this.state.exclusive(async () => undefined);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Runs one decision, then offers whatever it made possible. */
  private decide<T>(work: () => Promise<T>): Promise<T> {
    return this.state.exclusive(async () => {
      this.routeScope = new Set();
      this.calls.reset();
      try {
        const result = await work();
        await this.route(this.routeScope);
        return result;
      } finally {
        this.routeScope = new Set();
        this.calls.reset();
      }
    });
  }

  /**
   * Queues where the current decision may have made an offer possible: a call arrived or
   * came back, or an agent became free. After every decision no free agent is left
   * beside a call they could take, so only these queues need planning; the sweep plans
   * everything ('all') as a safety net.
   */
  private routeScope: Set<string> | 'all' = new Set();
  private touch(queueIds: Iterable<string> | 'all'): void {
    if (this.routeScope === 'all') return;
    if (queueIds === 'all') this.routeScope = 'all';
    else for (const id of queueIds) this.routeScope.add(id);
  }

  private async routingContext(calls: readonly WaitingCall[]): Promise<AcdRoutingContext> {
    const queues = new Map<string, AcdQueue>();
    for (const id of new Set(calls.map((c) => c.queueId))) {
      const q = await this.queues.get(id);
      if (q) queues.set(id, q);
    }
    return { queues, now: this.now(), today: this.today(), random: this.random };
  }

  private async route(scope: Set<string> | 'all'): Promise<void> {
    if (scope !== 'all' && scope.size === 0) return;
    const calls = (await this.calls.list()).filter((c) => !c.offeredTo && (scope === 'all' || scope.has(c.queueId)));
    if (calls.length === 0) return;
    const ctx = await this.routingContext(calls);
    const candidates = await this.state.listAvailableAgents([...new Set(calls.map((c) => c.queueId))]);
    // Agents a transfer names may belong to none of these queues.
    for (const targetId of new Set(calls.flatMap((c) => (c.targetAgentId ? [c.targetAgentId] : [])))) {
      if (candidates.some((a) => a.userId === targetId)) continue;
      const target = await this.state.getAgent(targetId);
      if (target?.status === 'available') candidates.push(target);
    }
    const offers = planOffers(calls, candidates, ctx);
    const offeredQueues = new Set<string>();
    for (const { callId, agentId } of offers) {
      // The claim is the atomic guard: if another node paired either side first, skip.
      if (!(await this.state.claim(callId, agentId))) continue;
      const call = calls.find((c) => c.callId === callId)!;
      const agent = await this.state.getAgent(agentId);
      if (!agent || agent.status !== 'available') {
        await this.state.releaseCall(callId);
        continue;
      }
      const ringTimeoutMs = ctx.queues.get(call.queueId)!.ringTimeoutMs;
      const expiresAt = new Date(ctx.now.getTime() + ringTimeoutMs);
      call.offeredTo = agentId;
      call.offerExpiresAt = expiresAt;
      await this.calls.put(call);
      agent.lastOfferedAt[call.queueId] = ctx.now.getTime();
      await this.moveAgent(agent, 'ringing', null, callId);
      this.wakeAt(expiresAt);
      this.log.info({ callId, agentId, ringTimeoutMs }, 'call offered');
      this.emitForCall(call.nodeId, 'call-offered', { call, agentId, expiresAt });
      offeredQueues.add(call.queueId);
    }
    // The agent who now rings came free since the last estimates: tell the callers.
    for (const queueId of offeredQueues) await this.publishPositions(queueId);
  }

  /** Puts a call in its queue, or overflows it if the queue is full. */
  private async admit(call: WaitingCall): Promise<void> {
    const queue = await this.queues.get(call.queueId);
    const calls = await this.calls.list();
    const waiting = calls.filter((c) => c.queueId === call.queueId && !c.offeredTo && c.callId !== call.callId);
    if (queue?.maxWaitingCalls != null && waiting.length >= queue.maxWaitingCalls) {
      await this.overflow(call, 'queue-full');
      return;
    }
    await this.calls.put(call);
    this.touch([call.queueId]);
    if (queue?.maxWaitMs != null) this.wakeAt(new Date(call.enteredQueueAt.getTime() + queue.maxWaitMs));
    await this.publishPositions(call.queueId);
  }

  /** The queue's overflow action: to another queue (keeping its place in time), or the end. */
  private async overflow(call: WaitingCall, reason: OverflowReason): Promise<void> {
    const from = await this.queues.get(call.queueId);
    const fromQueueId = call.queueId;
    const action = from?.overflow ?? { kind: 'end' as const };
    const target = action.kind === 'queue' ? await this.queues.get(action.queueId) : null;
    await this.calls.delete(call.callId);
    this.log.info({ callId: call.callId, queueId: fromQueueId, reason, action }, 'call overflowed');
    if (target && call.overflowHops < (this.options.maxOverflowHops ?? 5)) {
      const moved: WaitingCall = {
        ...call,
        queueId: target.id,
        queueName: target.name,
        enteredQueueAt: this.now(),
        overflowHops: call.overflowHops + 1,
        triedAgentIds: [],
      };
      this.emitForCall(call.nodeId, 'call-overflowed', { call: moved, fromQueueId, reason, action });
      await this.publishPositions(fromQueueId);
      await this.admit(moved);
      return;
    }
    await this.state.releaseCall(call.callId);
    this.emitForCall(call.nodeId, 'call-overflowed', { call, fromQueueId, reason, action: { kind: 'end' } });
    await this.publishPositions(fromQueueId);
  }

  /** Deadlines that have passed, whichever node set them; and calls of dead nodes. */
  private async sweep(): Promise<void> {
    this.touch('all');
    const now = this.now();
    for (const call of await this.calls.list()) {
      if (call.offeredTo && call.offerExpiresAt && call.offerExpiresAt <= now) {
        await this.endOffer(call, 'timeout');
        continue;
      }
      const maxWaitMs = (await this.queues.get(call.queueId))?.maxWaitMs;
      if (!call.offeredTo && maxWaitMs != null && now.getTime() - call.enteredQueueAt.getTime() >= maxWaitMs) {
        await this.overflow(call, 'max-wait');
      }
    }
    for (const agent of await this.state.listWrapUpsDue(now)) {
      if (agent.status === 'wrap-up' && agent.wrapUpEndsAt && agent.wrapUpEndsAt <= now) {
        await this.moveAgent(agent, 'available', 'Wrap-up time ended');
      }
    }
    await this.sweepDeadNodes();
    // Estimated waits move with time and staffing; refresh them every few seconds.
    if (now.getTime() - this.lastEstimatesAt >= 5_000) {
      this.lastEstimatesAt = now.getTime();
      const queueIds = new Set((await this.calls.list()).map((c) => c.queueId));
      for (const id of queueIds) await this.publishPositions(id);
    }
  }

  /** A call whose node stopped heartbeating is lost: out of the queue, its agent freed. */
  private async sweepDeadNodes(): Promise<void> {
    const live = await this.state.liveNodes();
    live.add(this.nodeId);
    for (const [callId, nodeId] of await this.state.listCallNodes()) {
      if (live.has(nodeId)) continue;
      const waiting = await this.calls.get(callId);
      const agentId = await this.state.releaseCall(callId);
      await this.state.clearCallNode(callId);
      if (waiting) {
        await this.calls.delete(callId);
        await this.publishPositions(waiting.queueId);
      }
      if (agentId) {
        const agent = await this.state.getAgent(agentId);
        const reason = 'The call was lost: its server stopped';
        if (agent?.callId === callId && agent.status === 'on-call') await this.moveAgent(agent, 'wrap-up', reason, callId);
        if (agent?.callId === callId && (agent.status === 'ringing' || agent.status === 'wrap-up')) {
          await this.moveAgent(agent, 'available', reason);
        }
      }
      this.log.warn({ callId, nodeId, agentId }, 'call lost with its node');
      this.emitSafely('call-lost', { callId, nodeId, agentId });
    }
  }

  /** Takes an unanswered offer back: the call waits again, the agent is freed. */
  private async endOffer(call: WaitingCall, reason: OfferEndReason): Promise<void> {
    const agentId = call.offeredTo!;
    await this.state.releaseCall(call.callId);
    call.offeredTo = null;
    call.offerExpiresAt = null;
    if (reason === 'timeout' || reason === 'declined') call.triedAgentIds.push(agentId);
    // A transfer's target had their chance: the call is now its queue's like any other.
    call.targetAgentId = null;
    await this.calls.put(call);
    this.touch([call.queueId]);
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
    this.emitForCall(call.nodeId, 'offer-ended', { call, agentId, reason });
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
    if (status === 'available') {
      agent.idleSince = at;
      this.touch(queueIdsOf(agent));
    }
    await this.state.putAgent(agent);
    this.emitSafely('agent-changed', agent);
    return agent;
  }

  /** Positions and wait estimates of one queue's callers, to every node (each has some). */
  private async publishPositions(queueId: string): Promise<void> {
    const calls = (await this.calls.list()).filter((c) => c.queueId === queueId);
    const positions = queuePositions(calls, queueId, await this.routingContext(calls));
    const staffing = await this.state.staffingOf(queueId);
    // An agent ringing with one of this queue's calls is about to take it: for the
    // estimate they are as good as free (else the caller being offered, at the front,
    // would be told the wait of a whole handle time).
    const free = staffing.free + calls.filter((c) => c.offeredTo !== null).length;
    const handle = (await this.state.averageHandleSeconds(queueId)) ?? this.options.defaultHandleSeconds ?? 180;
    const estimates = new Map<string, number | null>();
    for (const [callId, position] of positions) {
      estimates.set(
        callId,
        estimateWaitSeconds({
          position,
          staffedAgents: staffing.staffed,
          freeAgents: free,
          averageHandleSeconds: handle,
        }),
      );
    }
    const payload = { queueId, positions, estimates };
    this.emitSafely('queue-changed', payload);
    void this.state
      .publish('*', encodeNodeMessage(this.nodeId, 'queue-changed', payload))
      .catch((err) => this.log.error({ err }, 'positions not published'));
  }

  /** Emits a call event here if this node carries the call, else sends it to its node. */
  private emitForCall<K extends Exclude<CallEventName, 'queue-changed'>>(nodeId: string, event: K, payload: AcdEvents[K][0]) {
    if (nodeId === this.nodeId) {
      (this.emitSafely as (e: K, p: AcdEvents[K][0]) => void)(event, payload);
      return;
    }
    void this.state
      .publish(nodeId, encodeNodeMessage(this.nodeId, event, payload))
      .catch((err) => this.log.error({ err, event, nodeId }, 'ACD event not forwarded'));
  }

  /** Another node's decision about a call this node carries (or positions, for all). */
  private deliver(message: NodeMessage): void {
    // Our own broadcasts were emitted here already.
    if (message.from === this.nodeId) return;
    const decoded = decodeNodeMessage(message);
    if (!decoded) return this.log.warn({ event: message.event }, 'unknown ACD node message');
    (this.emitSafely as (e: string, p: unknown) => void)(decoded.event, decoded.payload);
  }

  /** Runs a sweep when a deadline comes, on this node (others sweep on their interval). */
  private wakeAt(at: Date): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.decide(() => this.sweep()).catch((err) => this.log.error({ err }, 'ACD deadline failed'));
    }, Math.max(0, at.getTime() - this.now().getTime()) + 5);
    this.timers.add(timer);
  }

  private async requireAgent(userId: string): Promise<AgentPresence> {
    const agent = await this.state.getAgent(userId);
    if (!agent) throw new AppError('not-found', 'You are not signed in as an agent.');
    return agent;
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
