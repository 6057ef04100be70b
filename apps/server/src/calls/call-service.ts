import { randomUUID } from 'node:crypto';
import type { CallEndReason, MonitorMode, ProducerInfo, RecordingPolicy } from '@cc/shared';
import type { AcdEvents, AcdService, OfferEndReason } from '../acd/acd-service.ts';
import type { AgentStateRepository } from '../acd/agent-state-repository.ts';
import type { WaitingCall } from '../acd/acd-model.ts';
import type { Claims } from '../auth/token-service.ts';
import { AppError, conflict, forbidden, notFound } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { Participant } from '../media/call-room.ts';
import { isMusicCodec } from '../media/music-on-hold.ts';
import type { MediaRooms } from '../media/media-service.ts';
import type { QueueRepository } from '../queues/queue-repository.ts';
import type { Notifier } from '../signaling/notifier.ts';
import type { CallRecordRepository } from './call-record-repository.ts';
import { LiveCall } from './live-call.ts';
import type { OutboundPhoneLeg, PhoneLeg, PhoneLegEvents } from './phone-leg.ts';
import { callOfClaimKey, type ConsultOutcome, Consultations } from './consultation.ts';
import { ExternalParties, routeLegEvents } from './external-party.ts';
import { type TransferTarget, Transfers } from './transfers.ts';
import type { RecorderDeps } from './call-recorder.ts';
import { CallRecordings, type RecordingAction } from './call-recordings.ts';
import { type Supervisor, Supervision, supervisorKey } from './supervision.ts';

export interface JoinedCall {
  callId: string;
  routerRtpCapabilities: Record<string, unknown>;
  producers: ProducerInfo[];
  sendCodec: { mimeType: string; clockRate: number } | null;
}

/** Places outbound phone calls: the SIP gateway, when one is configured. */
export interface PhoneDialer {
  /** A leg ready to call (media set up); nothing is sent until placeCall(). */
  dial(input: { callId: string; number: string; callerId: string | null }): Promise<OutboundPhoneLeg>;
}

const withdrawnReason = {
  timeout: 'timeout',
  declined: 'declined',
  'customer-hangup': 'customer-hangup',
  'agent-gone': 'timeout',
} as const satisfies Record<OfferEndReason, string>;

/**
 * Coordinates a call's life: the ACD decides who gets it, this service moves the
 * call's state machine, writes the record and its event log, opens and closes the
 * media room, and tells the participants. One instance per node.
 */
export class CallService {
  private readonly calls = new Map<string, LiveCall>();
  private readonly consultations: Consultations;
  private readonly external: ExternalParties;
  private readonly transfers: Transfers;
  private readonly supervision: Supervision;
  /** Null when the server runs without recording storage (some tests). */
  private readonly recordings: CallRecordings | null;

  constructor(
    private readonly deps: {
      acd: AcdService;
      media: MediaRooms;
      records: CallRecordRepository;
      agentStates: AgentStateRepository;
      queues: QueueRepository;
      notifier: Notifier;
      nodeId: string;
      log: Logger;
      recording?: Omit<RecorderDeps, 'nodeId' | 'log'> & { policyOf(queueId: string): Promise<RecordingPolicy> };
      /** The agents a supervisor supervises (their teams' members). */
      supervisedBy(userId: string): Promise<string[]>;
    },
  ) {
    const { acd } = deps;
    this.recordings = deps.recording
      ? new CallRecordings({
          ...deps.recording,
          nodeId: deps.nodeId,
          log: deps.log,
          media: deps.media,
          publish: (call) => deps.notifier.toCall(call.id, 'call:state-changed', call.status()),
        })
      : null;
    this.consultations = new Consultations({
      calls: (callId) => this.calls.get(callId),
      acd,
      media: deps.media,
      notifier: deps.notifier,
      log: deps.log,
      recordEvent: (call, type, agentId, data = {}) => {
        const at = new Date();
        this.record(call, (r) => r.appendEvent(call.id, { at, type, agentId, data }));
      },
      musicCodecOf: (call) => this.musicCodecOf(call),
      ringTimeoutMs: () => 20_000,
    });
    this.transfers = new Transfers({
      calls: (callId) => this.calls.get(callId),
      acd,
      media: deps.media,
      queues: deps.queues,
      notifier: deps.notifier,
      log: deps.log,
      record: (call, write) => this.record(call, write),
      musicCodecOf: (call) => this.musicCodecOf(call),
      external: () => this.external,
    });
    this.external = new ExternalParties({
      calls: (callId) => this.calls.get(callId),
      acd,
      media: deps.media,
      notifier: deps.notifier,
      log: deps.log,
      dial: (input) => {
        if (!this.phoneDialer) throw new AppError('unavailable', 'Outbound calling is not configured on this server.');
        return this.phoneDialer.dial(input);
      },
      callerIdOf: async (call) => (await deps.queues.findById(call.queueId))?.outboundCallerId ?? null,
      recordEvent: (call, type, agentId, data = {}) => {
        const at = new Date();
        this.record(call, (r) => r.appendEvent(call.id, { at, type, agentId, data }));
      },
      musicCodecOf: (call) => this.musicCodecOf(call),
      endCall: (callId, reason) => this.end(callId, reason),
      requeue: (call) => this.transfers.requeue(call, call.queueId, null),
    });
    this.supervision = new Supervision({
      calls: (callId) => this.calls.get(callId),
      acd,
      media: deps.media,
      notifier: deps.notifier,
      log: deps.log,
      supervisedBy: deps.supervisedBy,
      recordEvent: (call, type, agentId, data = {}) => {
        const at = new Date();
        this.record(call, (r) => r.appendEvent(call.id, { at, type, agentId, data }));
      },
    });
    acd.on('call-offered', ({ call, agentId, expiresAt }) => this.onOffered(call, agentId, expiresAt));
    acd.on('offer-ended', ({ call, agentId, reason }) => this.onOfferEnded(call, agentId, reason));
    acd.on('queue-changed', ({ positions, estimates }) => this.onPositions(positions, estimates));
    acd.on('call-overflowed', (overflow) => this.onOverflowed(overflow));
    acd.on('call-lost', (lost) => this.onLost(lost));
    acd.on('call-end-requested', ({ callId, reason }) => this.end(callId, reason));
    acd.on('agent-changed', (agent) => {
      // The history names the call, not the ACD's claim key (a consult's is `<call>:consult`).
      const change = { ...agent, at: agent.since, callId: agent.callId && callOfClaimKey(agent.callId) };
      this.track(
        deps.agentStates
          .record(change)
          .catch((err) => deps.log.error({ err, userId: agent.userId }, 'agent state not recorded')),
      );
      deps.notifier.toUser(agent.userId, 'agent:state-changed', {
        userId: agent.userId,
        status: agent.status,
        since: agent.since.toISOString(),
        wrapUpEndsAt: agent.wrapUpEndsAt?.toISOString() ?? null,
        reason: agent.reason,
        callId: agent.callId,
      });
    });
  }

  get(callId: string): LiveCall | undefined {
    return this.calls.get(callId);
  }

  activeCallIds(): string[] {
    return [...this.calls.keys()];
  }

  /**
   * A widget customer starts (or, after a reconnect, rejoins) the one call their token
   * is for: record, media room, queue.
   */
  async startWebCall(customer: Extract<Claims, { kind: 'customer' }>): Promise<JoinedCall & { call: LiveCall }> {
    const existing = this.calls.get(customer.callId);
    if (existing) return { ...this.joinInfo(existing), call: existing };
    if (await this.deps.records.find(customer.callId)) throw conflict('This call has already ended.');
    const queue = await this.deps.queues.findByName(customer.queueName);
    if (!queue) throw notFound('That queue');
    const call = new LiveCall(customer.callId, queue.id, queue.name, customer.callerLabel, new Date());
    await this.open(call);
    await this.queue(call);
    return { ...this.joinInfo(call), call };
  }

  /**
   * A phone call came in on a number that leads to `queue`: record, media room with the
   * phone's audio in it, queue. The gateway has already said 100 Trying and 180 Ringing.
   */
  async startPhoneCall(input: { callId: string; queueId: string; leg: PhoneLeg }): Promise<LiveCall> {
    const queue = await this.deps.queues.findById(input.queueId);
    if (!queue) throw notFound('That queue');
    const { leg } = input;
    const call = new LiveCall(input.callId, queue.id, queue.name, leg.remoteNumber, new Date(), 'phone', 'inbound');
    call.phoneLeg = leg;
    await this.open(call);
    await this.queue(call);
    return call;
  }

  /**
   * An agent dials a number: the agent is on the call at once (they hear it ring), the
   * gateway sends the INVITE, and the leg reports progress through phoneLegEvents().
   */
  async dial(
    agent: { userId: string; displayName: string },
    input: { number: string; queueId?: string },
  ): Promise<JoinedCall & { call: LiveCall }> {
    const dialer = this.phoneDialer;
    if (!dialer) throw new AppError('unavailable', 'Outbound calling is not configured on this server.');
    const queue = input.queueId
      ? await this.deps.queues.findById(input.queueId)
      : await this.deps.queues.findById((await this.deps.queues.membershipsOf(agent.userId))[0]?.queueId ?? '');
    if (!queue) throw notFound('A queue for the caller ID');
    const callId = randomUUID();
    await this.deps.acd.startOutbound(agent.userId, callId);
    const call = new LiveCall(callId, queue.id, queue.name, input.number, new Date(), 'phone', 'outbound');
    call.agentId = agent.userId;
    call.agentName = agent.displayName;
    this.calls.set(call.id, call);
    try {
      const leg = await dialer.dial({ callId, number: input.number, callerId: queue.outboundCallerId ?? null });
      call.phoneLeg = leg;
      // Media first: the far end may answer (or refuse) the moment the INVITE arrives.
      await this.open(call);
      leg.placeCall();
    } catch (error) {
      await this.end(callId, 'unreachable');
      throw error;
    }
    this.deps.log.info({ callId, agentId: agent.userId, number: input.number }, 'outbound call dialled');
    return { ...this.joinInfo(call), call };
  }

  /** Digits to the phone on an agent's call. */
  async sendDigits(agentId: string, callId: string, digits: string): Promise<void> {
    const call = this.calls.get(callId);
    if (!call || call.agentId !== agentId) throw forbidden('You are not on this call.');
    if (!call.phoneLeg) throw new AppError('conflict', 'This call has no phone to send digits to.');
    if (call.state !== 'connected') throw conflict('The call is not connected yet.');
    try {
      await call.phoneLeg.sendDigits(digits);
    } catch (error) {
      throw new AppError('conflict', (error as Error).message, { cause: error });
    }
    const at = new Date();
    this.record(call, (r) => r.appendEvent(call.id, { at, type: 'dtmf-sent', agentId, data: { digits } }));
  }

  /**
   * The agent asks a colleague, a queue (its longest-idle available member), or dials an
   * outside number, while the customer holds.
   */
  async consult(
    agentId: string,
    callId: string,
    target: { userId: string } | { queueId: string } | { number: string },
  ): Promise<void> {
    if ('userId' in target) return this.consultations.request(agentId, callId, target.userId);
    if ('queueId' in target) {
      const queue = await this.deps.queues.findById(target.queueId);
      if (!queue) throw notFound('That queue');
      const free = (await this.deps.acd.listAgents())
        .filter((a) => a.userId !== agentId && a.status === 'available' && a.memberships.some((m) => m.queueId === queue.id))
        .sort((a, b) => a.idleSince.getTime() - b.idleSince.getTime());
      if (free.length === 0) throw conflict(`Nobody in ${queue.displayName} is available to consult.`);
      return this.consultations.request(agentId, callId, free[0]!.userId);
    }
    const call = this.calls.get(callId);
    if (!call) throw forbidden('You are not on this call.');
    await this.external.consult(agentId, call, target.number);
  }

  /** The consulted colleague joins: their media join info. */
  acceptConsult(userId: string, callId: string): JoinedCall {
    const call = this.consultations.accept(userId, callId);
    this.recordingJoin(call, userId);
    return this.joinInfo(call);
  }

  /** A supervisor starts monitoring a call, or changes how they are heard on it. */
  async monitor(supervisor: Supervisor, callId: string, mode: MonitorMode): Promise<JoinedCall & { call: LiveCall; joined: boolean }> {
    const { call, joined } = await this.supervision.monitor(supervisor, callId, mode);
    return { ...this.joinInfo(call), call, joined };
  }

  takeOver(supervisor: Supervisor, callId: string): Promise<void> {
    return this.supervision.takeOver(supervisor, callId);
  }

  stopMonitoring(userId: string, callId: string): void {
    this.supervision.leave(userId, callId);
  }

  /**
   * A supervisor's connection is gone for good: they leave the calls they monitor, and a
   * call they took over ends (nobody else can hang it up).
   */
  async supervisorGone(userId: string): Promise<void> {
    for (const call of [...this.calls.values()]) {
      if (call.state === 'ended' || !call.monitors.has(userId)) continue;
      if (call.agentId === userId) await this.end(call.id, 'agent-disconnected');
      else this.supervision.leave(userId, call.id);
    }
  }

  /** Record, Pause recording, Resume recording, from the agent on the call. */
  async recordingCommand(agentId: string, callId: string, action: RecordingAction): Promise<void> {
    const call = this.calls.get(callId);
    if (!call || call.agentId !== agentId) throw forbidden('You are not on this call.');
    if (!this.recordings) throw new AppError('unavailable', 'Recording is not configured on this server.');
    await this.recordings.command(call, agentId, action);
    const at = new Date();
    const type = action === 'start' ? 'recording-started' : action === 'pause' ? 'recording-paused' : 'recording-resumed';
    const positionMs = this.recordings.recorderOf(callId)?.positionMs ?? null;
    this.record(call, (r) => r.appendEvent(call.id, { at, type, agentId, data: { positionMs } }));
  }

  /** An agent is now on the call: the queue's policy may start its recording. */
  private recordingJoin(call: LiveCall, userId: string): void {
    if (!this.recordings) return;
    this.track(
      this.recordings
        .agentJoined(call, userId)
        .catch((err) => this.deps.log.error({ err, callId: call.id }, 'recording could not start')),
    );
  }

  declineConsult(userId: string, callId: string): Promise<void> {
    return this.consultations.decline(userId, callId);
  }

  finishConsult(agentId: string, callId: string, outcome: ConsultOutcome): Promise<void> {
    const call = this.calls.get(callId);
    if (call?.external) return this.external.finish(agentId, call, outcome, () => this.transfers.agentLeaves(call, agentId));
    return this.consultations.finish(agentId, callId, outcome);
  }


  /** Transfer targets for an agent: every queue, and the other agents signed in. */
  transferTargets(agentId: string) {
    return this.transfers.targets(agentId);
  }

  /** Blind transfer to a queue, an agent or a number (transfers.ts). */
  transfer(agentId: string, callId: string, to: TransferTarget): Promise<void> {
    return this.transfers.transfer(agentId, callId, to);
  }

  /**
   * The agent holds or resumes the customer. Held, they stop hearing each other and the
   * customer hears music in their own codec; the span is in the call's log.
   */
  async setHold(agentId: string, callId: string, held: boolean): Promise<void> {
    const call = this.calls.get(callId);
    if (!call || call.agentId !== agentId) throw forbidden('You are not on this call.');
    if (call.state !== 'connected') throw conflict('Only a connected call can be held.');
    if (call.onHold === held) return;
    const room = this.deps.media.getRoom(callId);
    if (!room) throw new AppError('unavailable', 'The call has no media.');
    await room.setHold(held, this.musicCodecOf(call));
    call.onHold = held;
    const at = new Date();
    this.record(call, (r) => r.appendEvent(call.id, { at, type: held ? 'hold' : 'unhold', agentId, data: {} }));
    this.deps.notifier.toCall(call.id, 'call:state-changed', call.status());
  }

  /**
   * The music on hold in the customer's own codec when it ships in that codec, else in
   * Opus, which the room's mixer transcodes for the phone (G.722).
   */
  private musicCodecOf(call: LiveCall) {
    const codec = call.phoneLeg ? call.phoneLeg.sendCodec.mimeType : 'audio/opus';
    return isMusicCodec(codec) ? codec : 'audio/opus';
  }

  /** Plugs in the SIP gateway, which is built after this service. */
  setPhoneDialer(dialer: PhoneDialer | null): void {
    this.phoneDialer = dialer;
  }

  private phoneDialer: PhoneDialer | null = null;

  /** What phone legs report: hang-ups, progress, failures, hold, digits. */
  phoneLegEvents(): PhoneLegEvents {
    const live = (callId: string) => {
      const call = this.calls.get(callId);
      return call && call.state !== 'ended' ? call : undefined;
    };
    const log = (callId: string) => (err: unknown) => this.deps.log.error({ err, callId }, 'phone leg event failed');
    return routeLegEvents(this.customerLegEvents(live, log), this.external.legEvents());
  }

  private customerLegEvents(live: (callId: string) => LiveCall | undefined, log: (callId: string) => (err: unknown) => void): PhoneLegEvents {
    return {
      hungUp: (callId) => {
        const call = live(callId);
        if (call) void this.end(callId, call.state === 'connected' ? 'customer-hangup' : 'abandoned').catch(log(callId));
      },
      failed: (callId, reason) => void this.end(callId, reason).catch(log(callId)),
      remoteRinging: (callId) => {
        const call = live(callId);
        if (call?.state !== 'dialing') return;
        call.moveTo('ringing');
        const at = new Date();
        this.record(call, async (r) => {
          await r.markRinging(call.id);
          await r.appendEvent(call.id, { at, type: 'remote-ringing', agentId: call.agentId, data: {} });
        });
        this.deps.notifier.toCall(call.id, 'call:state-changed', call.status());
      },
      remoteAnswered: (callId) => {
        const call = live(callId);
        if (!call || call.state === 'connected') return;
        call.moveTo('connected');
        const at = new Date();
        call.answeredAt = at;
        this.record(call, async (r) => {
          await r.markAnswered(call.id, call.agentId!, at);
          await r.appendEvent(call.id, { at, type: 'answered', agentId: call.agentId, data: { by: 'remote' } });
        });
        if (call.agentId) this.recordingJoin(call, call.agentId);
        this.deps.notifier.toCall(call.id, 'call:state-changed', call.status());
      },
      event: (callId, type, data) => {
        const call = live(callId);
        if (!call) return;
        const at = new Date();
        this.record(call, (r) => r.appendEvent(call.id, { at, type, agentId: null, data }));
        if (type === 'dtmf' && call.agentId) {
          this.deps.notifier.toUser(call.agentId, 'call:dtmf-received', { callId, digit: String(data.digit) });
        }
      },
    };
  }

  /** A new call's record, its first event and its media room (with the phone in it). */
  private async open(call: LiveCall): Promise<void> {
    this.calls.set(call.id, call);
    try {
      await this.deps.records.create({
        id: call.id,
        queueId: call.queueId,
        channel: call.channel === 'phone' ? 'pstn' : 'web',
        callerLabel: call.callerLabel,
        offeredAt: call.queuedAt,
        nodeId: this.deps.nodeId,
        direction: call.direction,
        remoteNumber: call.phoneLeg?.remoteNumber ?? null,
      });
      await this.deps.records.appendEvent(call.id, {
        at: call.queuedAt,
        type: call.direction === 'outbound' ? 'dialled' : 'queued',
        agentId: call.agentId,
        data: { queue: call.queueName, channel: call.channel, number: call.phoneLeg?.remoteNumber ?? null },
      });
      const room = await this.deps.media.createRoom(call.id);
      room.on('producer-added', (info) => this.deps.notifier.toCall(call.id, 'media:producer-added', info));
      room.on('producer-removed', (info) => this.deps.notifier.toCall(call.id, 'media:producer-removed', info));
      room.on('failed', () => void this.end(call.id, 'media-failure'));
      await call.phoneLeg?.attachMedia(room, { key: `customer:${call.id}`, role: 'customer' });
    } catch (error) {
      if (call.direction === 'outbound') throw error;
      this.calls.delete(call.id);
      this.deps.media.closeRoom(call.id);
      call.phoneLeg?.end('media-failure');
      throw error;
    }
  }

  private async queue(call: LiveCall): Promise<void> {
    this.deps.log.info({ callId: call.id, queue: call.queueName, channel: call.channel }, 'call queued');
    await this.deps.acd.enqueue({
      callId: call.id,
      queueId: call.queueId,
      queueName: call.queueName,
      callerLabel: call.callerLabel,
      queuedAt: call.queuedAt,
    });
  }

  async answer(agent: { userId: string; displayName: string }, callId: string): Promise<JoinedCall> {
    const call = this.calls.get(callId);
    if (!call || call.state === 'ended') throw conflict('This call is no longer offered to you.');
    await this.deps.acd.accept(agent.userId, callId);
    if (!this.calls.has(callId)) {
      // The customer hung up in the same instant: release the agent into wrap-up.
      await this.deps.acd.callEnded(agent.userId, callId, call.queueId);
      throw conflict('The caller hung up.');
    }
    call.moveTo('connected');
    call.agentId = agent.userId;
    call.agentName = agent.displayName;
    call.agentCallKey = call.id;
    const at = new Date();
    call.answeredAt = at;
    this.record(call, async (r) => {
      await r.markAnswered(call.id, agent.userId, at);
      await r.appendEvent(call.id, { at, type: 'answered', agentId: agent.userId, data: {} });
    });
    call.phoneLeg?.answer();
    this.recordingJoin(call, agent.userId);
    if (call.onHold) {
      // A transferred customer waited on hold: the new agent takes them off it.
      await this.deps.media.getRoom(callId)?.setHold(false, null);
      call.onHold = false;
    }
    this.deps.log.info({ callId, agentId: agent.userId }, 'call answered');
    this.deps.notifier.toCall(call.id, 'call:state-changed', call.status(), [agent.userId]);
    return this.joinInfo(call);
  }

  decline(agentId: string, callId: string): Promise<void> {
    return this.deps.acd.decline(agentId, callId);
  }

  /** A participant hangs up. Before an answer, the customer's hang-up is an abandon. */
  async hangup(principal: Claims, callId: string): Promise<void> {
    const call = this.calls.get(callId);
    if (!call) throw notFound('That call');
    if (principal.kind === 'customer') {
      if (principal.callId !== callId) throw forbidden();
      await this.end(callId, call.state === 'connected' ? 'customer-hangup' : 'abandoned');
      return;
    }
    // With a colleague on the call, an agent's hang-up is leaving it, not ending it.
    if (call.consult && (call.agentId === principal.userId || call.consult.agentId === principal.userId)) {
      await this.consultations.leave(principal.userId, call);
      return;
    }
    if (call.agentId !== principal.userId) throw forbidden('You are not on this call.');
    // With an outside number answered, the agent's hang-up leaves the customer with it.
    if (await this.external.agentLeaving(principal.userId, call, () => this.transfers.agentLeaves(call, principal.userId))) return;
    await this.end(callId, 'agent-hangup');
  }

  /** The agent's connection is gone for good: their call ends, they go offline. */
  async agentGone(userId: string, reason: string): Promise<void> {
    for (const call of this.calls.values()) {
      if (call.consult?.agentId === userId) await this.consultations.leave(userId, call).catch(() => undefined);
      const theirs = call.state === 'connected' || call.direction === 'outbound';
      if (call.agentId === userId && theirs && call.state !== 'ended') await this.end(call.id, 'agent-disconnected');
    }
    // Their call may live on another node (offered through the shared ACD): it ends there.
    const agent = await this.deps.acd.getAgent(userId);
    if (agent?.status === 'on-call' && agent.callId && !this.calls.has(agent.callId)) {
      await this.deps.acd.requestEnd(agent.callId, 'agent-disconnected');
    }
    await this.deps.acd.signOut(userId, reason);
  }

  /** Ends a call once, whatever its state, and records why. */
  async end(callId: string, reason: CallEndReason): Promise<void> {
    const call = this.calls.get(callId);
    if (!call || call.state === 'ended') return;
    const wasConnected = call.state === 'connected';
    const at = new Date();
    call.moveTo('ended');
    call.endReason = reason;
    this.calls.delete(callId);
    call.phoneLeg?.end(reason);
    this.external.callEnded(call, reason);
    if (this.recordings) {
      this.track(
        this.recordings.callEnded(call).catch((err) => this.deps.log.error({ err, callId }, 'recording not finished')),
      );
    }
    // An agent's outbound call holds them from the moment they dial.
    if ((wasConnected || call.direction === 'outbound') && call.agentId && !call.agentIsSupervisor) {
      const handled = wasConnected && call.answeredAt ? (at.getTime() - call.answeredAt.getTime()) / 1000 : null;
      await this.deps.acd.callEnded(call.agentId, call.agentCallKey, call.queueId, handled);
    }
    else await this.deps.acd.removeCall(call.id);
    await this.consultations.callEnded(call, null);
    this.record(call, async (r) => {
      await r.appendEvent(call.id, { at, type: 'ended', agentId: call.agentId, data: { reason } });
      await r.markEnded(call.id, reason, at);
    });
    this.deps.log.info({ callId, reason }, 'call ended');
    this.deps.notifier.toCall(call.id, 'call:state-changed', call.status(), call.agentId ? [call.agentId] : []);
    this.deps.media.closeRoom(call.id);
  }

  /** Which media participant a principal is in this call, or a refusal. */
  participantOf(principal: Claims, callId: string): Participant {
    const call = this.calls.get(callId);
    if (!call) throw notFound('That call');
    if (principal.kind === 'customer') {
      if (principal.callId !== callId) throw forbidden();
      return { key: `customer:${callId}`, role: 'customer' };
    }
    // Supervisors (also one who took the call over) are in its media under their own key.
    if (call.monitors.has(principal.userId)) return { key: supervisorKey(principal.userId), role: 'supervisor' };
    const onCall = call.state === 'connected' || (call.direction === 'outbound' && call.state !== 'ended');
    const colleague = this.consultations.isColleague(call, principal.userId);
    if ((call.agentId !== principal.userId && !colleague) || !onCall) throw forbidden('You are not on this call.');
    return { key: `agent:${principal.userId}`, role: 'agent' };
  }

  /**
   * SIGTERM: ends every call and signs every agent out, and waits until the records
   * say so, before the process exits.
   */
  async shutdown(agentIds: string[]): Promise<void> {
    for (const id of [...this.calls.keys()]) await this.end(id, 'server-shutdown');
    for (const userId of agentIds) await this.deps.acd.signOut(userId, 'Server shutting down');
    await this.recordsSettled();
  }

  /** Resolves when every record write queued so far has landed (tests). */
  async recordsSettled(): Promise<void> {
    await Promise.all([...this.pendingRecords]);
  }

  private readonly pendingRecords = new Set<Promise<void>>();

  private record(call: LiveCall, write: (r: CallRecordRepository) => Promise<void>): void {
    this.track(
      call.records
        .run(() => write(this.deps.records))
        .catch((err) => this.deps.log.error({ err, callId: call.id }, 'call record write failed')),
    );
  }

  private track(write: Promise<void>): void {
    this.pendingRecords.add(write);
    void write.finally(() => this.pendingRecords.delete(write));
  }

  private joinInfo(call: LiveCall): JoinedCall {
    const room = this.deps.media.getRoom(call.id);
    if (!room) throw new AppError('unavailable', 'The call has no media.');
    return {
      callId: call.id,
      routerRtpCapabilities: room.rtpCapabilities as unknown as Record<string, unknown>,
      producers: room.producers(),
      sendCodec: call.phoneLeg?.sendCodec ?? null,
    };
  }

  private onOffered(waiting: WaitingCall, agentId: string, expiresAt: Date): void {
    const call = this.calls.get(waiting.callId);
    if (!call) return;
    call.moveTo('ringing');
    const at = new Date();
    this.record(call, async (r) => {
      await r.markRinging(call.id);
      await r.appendEvent(call.id, { at, type: 'offered', agentId, data: { expiresAt: expiresAt.toISOString() } });
    });
    this.deps.notifier.toUser(agentId, 'call:offered', {
      callId: call.id,
      queueName: call.queueName,
      callerLabel: call.callerLabel,
      queuedAt: call.queuedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      channel: call.channel,
    });
    this.deps.notifier.toCall(call.id, 'call:state-changed', call.status());
  }

  private onOfferEnded(waiting: WaitingCall, agentId: string, reason: OfferEndReason): void {
    this.deps.notifier.toUser(agentId, 'call:offer-withdrawn', { callId: waiting.callId, reason: withdrawnReason[reason] });
    const call = this.calls.get(waiting.callId);
    if (!call) return;
    const at = new Date();
    this.record(call, async (r) => {
      await r.appendEvent(call.id, { at, type: `offer-${reason}`, agentId, data: {} });
      if (call.state !== 'ended') await r.markRequeued(call.id);
    });
    if (call.state === 'ringing') {
      call.moveTo('queued');
      this.deps.notifier.toCall(call.id, 'call:state-changed', call.status());
    }
  }

  private onPositions(positions: Map<string, number>, estimates: Map<string, number | null>): void {
    for (const [callId, position] of positions) {
      const call = this.calls.get(callId);
      if (!call || call.state === 'ended') continue;
      const estimate = estimates.get(callId) ?? null;
      if (call.position === position && call.estimatedWaitSeconds === estimate) continue;
      call.position = position;
      call.estimatedWaitSeconds = estimate;
      this.deps.notifier.toCall(callId, 'call:state-changed', call.status());
    }
  }

  /** The ACD moved the call to another queue, or ends it (queue full, waited too long). */
  private onOverflowed({ call: waiting, fromQueueId, reason, action }: AcdEvents['call-overflowed'][0]): void {
    const call = this.calls.get(waiting.callId);
    if (!call) return;
    const at = new Date();
    const moved = action.kind === 'queue';
    this.record(call, async (r) => {
      await r.appendEvent(call.id, {
        at,
        type: 'overflowed',
        agentId: null,
        data: { reason, from: fromQueueId, to: moved ? waiting.queueId : null },
      });
      if (moved) await r.markQueue(call.id, waiting.queueId);
    });
    if (!moved) {
      void this.end(call.id, reason).catch((err) => this.deps.log.error({ err, callId: call.id }, 'overflow end failed'));
      return;
    }
    call.queueId = waiting.queueId;
    call.queueName = waiting.queueName;
    this.deps.notifier.toCall(call.id, 'call:state-changed', call.status());
  }

  /**
   * Another node carried this call and stopped: its media is gone with it. Whichever
   * node noticed closes the record, so that no call stays open for ever.
   */
  private onLost({ callId, nodeId, agentId }: AcdEvents['call-lost'][0]): void {
    const at = new Date();
    this.track(
      (async () => {
        const record = await this.deps.records.find(callId);
        if (!record || record.state === 'ended') return;
        await this.deps.records.appendEvent(callId, { at, type: 'ended', agentId, data: { reason: 'node-failure', nodeId } });
        await this.deps.records.markEnded(callId, 'node-failure', at);
      })().catch((err) => this.deps.log.error({ err, callId }, 'lost call not recorded')),
    );
    if (agentId) {
      this.deps.notifier.toUser(agentId, 'call:state-changed', {
        callId,
        state: 'ended',
        queueName: '',
        position: null,
        estimatedWaitSeconds: null,
        agentName: null,
        endReason: 'node-failure',
      });
    }
  }
}
