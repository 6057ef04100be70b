import type { CallChannel, CallDirection, CallEndReason, CallState, CallStatus, MonitorMode, RecordingPolicy } from '@cc/shared';
import { assertTransition } from '../domain/transition-table.ts';
import { SerialQueue } from '../domain/serial-queue.ts';
import { callTransitions } from './call-state.ts';
import type { OutboundPhoneLeg, PhoneLeg } from './phone-leg.ts';

/** A call in progress on this node: its state machine and its participants. */
export class LiveCall {
  state: CallState = 'queued';
  agentId: string | null = null;
  agentName: string | null = null;
  position: number | null = null;
  estimatedWaitSeconds: number | null = null;
  endReason: CallEndReason | null = null;
  answeredAt: Date | null = null;
  /** The agent has the customer on hold. */
  onHold = false;
  /** A colleague consulted on this call (see consultation.ts). */
  consult: { agentId: string; agentName: string; state: 'ringing' | 'talking' | 'conference'; since: Date } | null = null;
  /** An outside number on the call, consulted or transferred to (see external-party.ts). */
  external: {
    leg: OutboundPhoneLeg;
    number: string;
    purpose: 'consult' | 'transfer';
    state: 'dialing' | 'ringing' | 'talking' | 'conference';
    since: Date;
  } | null = null;
  /** Supervisors monitoring the call, by user id, and how they are heard. */
  readonly monitors = new Map<string, MonitorMode>();
  /** A supervisor took the call over: the ACD does not hold them as an agent. */
  agentIsSupervisor = false;
  /** The agent whose team the call counts for: its agent, or the one a supervisor took it over from. */
  takenOverFrom: string | null = null;
  get teamAgentId(): string | null {
    return this.agentIsSupervisor ? this.takenOverFrom : this.agentId;
  }
  /** The queue's recording policy (known from the first answer) and the recorder's state. */
  readonly recording: { policy: RecordingPolicy | null; state: 'off' | 'recording' | 'paused' } = { policy: null, state: 'off' };
  /** The key the ACD holds the agent under: the call id, or its consult key after a handover. */
  agentCallKey: string;
  /** The customer's SIP leg on a phone call; null for a widget call. */
  phoneLeg: PhoneLeg | null = null;
  /** The call record's writes, in order. */
  readonly records = new SerialQueue();

  constructor(
    readonly id: string,
    /** The queue it waits in; an overflow moves it. */
    public queueId: string,
    public queueName: string,
    readonly callerLabel: string,
    readonly queuedAt: Date,
    readonly channel: CallChannel = 'web',
    readonly direction: CallDirection = 'inbound',
  ) {
    if (direction === 'outbound') this.state = 'dialing';
    this.agentCallKey = id;
  }

  /** Moves the state machine; throws a conflict for a transition the table forbids. */
  moveTo(next: CallState): void {
    assertTransition(callTransitions, 'call', this.state, next);
    this.state = next;
    if (next !== 'queued' && (next !== 'ringing' || this.direction === 'outbound')) {
      this.position = null;
      this.estimatedWaitSeconds = null;
    }
  }

  status(): CallStatus {
    return {
      callId: this.id,
      state: this.state,
      queueName: this.queueName,
      position: this.position,
      estimatedWaitSeconds: this.estimatedWaitSeconds,
      agentName: this.agentName,
      endReason: this.endReason,
      channel: this.channel,
      direction: this.direction,
      remoteNumber: this.phoneLeg?.remoteNumber ?? null,
      onHold: this.onHold,
      consult: this.consult ? { agentName: this.consult.agentName, state: this.consult.state } : null,
      recording: { ...this.recording },
      external: this.external
        ? { number: this.external.number, purpose: this.external.purpose, state: this.external.state }
        : null,
    };
  }
}
