import { z } from 'zod';
import { AgentSnapshot, AgentStatus, SelectableAgentStatus } from './agent.ts';
import { CallId, CallStatus, DtmfDigits, MonitorMode, PhoneNumberText } from './call.ts';
import {
  ConsumerOptions,
  ProducerInfo,
  DtlsParameters,
  RtpCapabilities,
  RtpParameters,
  TransportDirection,
  TransportOptions,
} from './media.ts';
import { ForceAgentStatus, LiveAgent, LiveSnapshot } from './live-snapshot.ts';
import type { Principal } from './user.ts';

const Empty = z.object({});
const ByCall = z.object({ callId: CallId });
const MediaId = z.string().min(1).max(64);

/** What a participant needs to join a call's media room. */
export const JoinedCall = z.object({
  callId: z.string(),
  routerRtpCapabilities: z.record(z.string(), z.unknown()),
  /** Producers already in the room; later ones arrive as media:producer-added. */
  producers: z.array(ProducerInfo),
  /**
   * The codec to send with, when the call needs one (a phone leg negotiated G.711,
   * say, so the browser sends that and nobody transcodes); absent means the default.
   */
  sendCodec: z.object({ mimeType: z.string(), clockRate: z.number().int().positive() }).nullable().optional(),
});

/** Who can be in a call's media: its customer and agents, and supervisors monitoring it. */
const callParticipants: readonly Principal[] = ['agent', 'customer', 'supervisor', 'admin'];
const watchers: readonly Principal[] = ['supervisor', 'admin'];

/**
 * Every client-to-server command, declared once: its payload schema, its result
 * schema, and who may send it. The server validates each payload against `request`
 * before the handler runs; socket.io's typed event maps derive from this table.
 */
export const commands = {
  'agent:set-status': {
    roles: ['agent'],
    request: z.object({ status: SelectableAgentStatus }),
    response: AgentSnapshot,
  },
  /** Ends wrap-up before its timer does. */
  'agent:ready': { roles: ['agent'], request: Empty, response: AgentSnapshot },
  'call:answer': { roles: ['agent'], request: ByCall, response: JoinedCall },
  'call:decline': { roles: ['agent'], request: ByCall, response: Empty },
  'call:hangup': { roles: callParticipants, request: ByCall, response: Empty },
  /** An agent dials a phone number through the trunk; `queueId` picks the caller ID. */
  'call:dial': {
    roles: ['agent'],
    request: z.object({ number: PhoneNumberText, queueId: z.uuid().optional() }),
    response: JoinedCall.extend({ status: CallStatus }),
  },
  /**
   * Blind transfer: the agent leaves, the customer waits on hold for the target queue,
   * or for one agent (who is offered the call first; if they miss it, their queue).
   */
  'call:transfer': {
    roles: ['agent'],
    request: z.object({
      callId: CallId,
      to: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('queue'), queueId: z.uuid() }),
        z.object({ kind: z.literal('agent'), userId: z.uuid() }),
        z.object({ kind: z.literal('number'), number: PhoneNumberText }),
      ]),
    }),
    response: Empty,
  },
  /**
   * Attended transfer: ask a colleague (`userId`) to join, or the longest-idle available
   * agent of a queue (`queueId`), or dial an outside `number`, while the customer waits
   * on hold. Exactly one of the three.
   */
  'call:consult': {
    roles: ['agent'],
    request: z
      .object({ callId: CallId, userId: z.uuid().optional(), queueId: z.uuid().optional(), number: PhoneNumberText.optional() })
      .refine(
        (r) => [r.userId, r.queueId, r.number].filter((t) => t !== undefined).length === 1,
        'Consult one colleague, one queue or one number.',
      ),
    response: Empty,
  },
  /** The colleague joins the consultation: their media join info. */
  'call:consult-accept': { roles: ['agent'], request: ByCall, response: JoinedCall },
  'call:consult-decline': { roles: ['agent'], request: ByCall, response: Empty },
  /** How the consultation ends: the colleague takes the call, all three talk, or back to the customer. */
  'call:consult-finish': {
    roles: ['agent'],
    request: z.object({ callId: CallId, outcome: z.enum(['complete', 'conference', 'cancel']) }),
    response: Empty,
  },
  /** Where an agent can transfer a call: every queue, and the other signed-in agents. */
  'directory:transfer-targets': {
    roles: ['agent'],
    request: Empty,
    response: z.object({
      queues: z.array(z.object({ id: z.string(), name: z.string(), displayName: z.string() })),
      agents: z.array(z.object({ userId: z.string(), displayName: z.string(), status: AgentStatus })),
    }),
  },
  /** Record (on-demand queues), Pause recording (card numbers: silence), Resume recording. */
  'call:recording': {
    roles: ['agent'],
    request: z.object({ callId: CallId, action: z.enum(['start', 'pause', 'resume']) }),
    response: Empty,
  },
  /**
   * Hold (the customer hears music, the agent nothing) and resume: by the call's agent, who
   * may be a supervisor or admin who took it over.
   */
  'call:hold': { roles: ['agent', 'supervisor', 'admin'], request: z.object({ callId: CallId, held: z.boolean() }), response: Empty },
  /** Digits to the phone at the far end (RFC 4733 telephone-events). */
  'call:send-dtmf': { roles: ['agent'], request: z.object({ callId: CallId, digits: DtmfDigits }), response: Empty },
  /** The widget customer's call: the queue and call id come from its token. */
  'customer:start-call': { roles: ['customer'], request: Empty, response: JoinedCall.extend({ status: CallStatus }) },
  'media:create-transport': {
    roles: callParticipants,
    request: z.object({ callId: CallId, direction: TransportDirection }),
    response: TransportOptions,
  },
  'media:connect-transport': {
    roles: callParticipants,
    request: z.object({ callId: CallId, transportId: MediaId, dtlsParameters: DtlsParameters }),
    response: Empty,
  },
  'media:produce': {
    roles: callParticipants,
    request: z.object({
      callId: CallId,
      transportId: MediaId,
      kind: z.literal('audio'),
      rtpParameters: RtpParameters,
    }),
    response: z.object({ producerId: z.string() }),
  },
  /** Consumers start paused; the client resumes once its local consumer exists. */
  'media:consume': {
    roles: callParticipants,
    request: z.object({
      callId: CallId,
      transportId: MediaId,
      producerId: MediaId,
      rtpCapabilities: RtpCapabilities,
    }),
    response: ConsumerOptions,
  },
  'media:resume-consumer': {
    roles: callParticipants,
    request: z.object({ callId: CallId, consumerId: MediaId }),
    response: Empty,
  },
  /** Mute: the server stops forwarding, so a muted party sends nothing anyone hears. */
  'media:set-producer-paused': {
    roles: callParticipants,
    request: z.object({ callId: CallId, producerId: MediaId, paused: z.boolean() }),
    response: Empty,
  },
  /**
   * A supervisor or admin starts watching the live view: the snapshot now, then
   * live:queues-updated, live:agent-updated and live:calls-updated pushes.
   */
  'live:watch': { roles: watchers, request: Empty, response: LiveSnapshot },
  /**
   * A supervisor (of the agent's team) or an admin sets an agent available or away, or
   * signs them out; the reason reaches the agent's desktop and their state history.
   */
  'agent:force-status': { roles: watchers, request: ForceAgentStatus, response: LiveAgent },
  /**
   * A supervisor (of the agent's team) or an admin joins a live call's media to monitor
   * it: Listen, Whisper or Barge. Again with another mode: the mode changes (no new join).
   */
  'supervisor:monitor': {
    roles: watchers,
    request: z.object({ callId: CallId, mode: MonitorMode }),
    response: JoinedCall.extend({ status: CallStatus }),
  },
  /** The supervisor takes the call: the agent leaves (to wrap-up) and the supervisor keeps the customer. */
  'supervisor:take-over': { roles: watchers, request: ByCall, response: Empty },
  /** The supervisor stops monitoring (the call goes on). */
  'supervisor:leave': { roles: watchers, request: ByCall, response: Empty },
} as const satisfies Record<
  string,
  { roles: readonly Principal[]; request: z.ZodType; response: z.ZodType }
>;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandRequest<K extends CommandName> = z.input<Commands[K]['request']>;
export type CommandResult<K extends CommandName> = z.output<Commands[K]['response']>;
