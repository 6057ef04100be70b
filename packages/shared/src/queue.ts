import { z } from 'zod';
import { QueueName } from './http.ts';
import { SkillRequirement } from './skill.ts';

/**
 * How a queue picks among the agents free to take its next call.
 * - longest-idle: the agent free the longest.
 * - round-robin: the agent offered a call from this queue least recently.
 * - fewest-calls: the agent who answered the fewest calls today (then longest idle).
 * - random: any eligible agent, uniformly.
 * - skills-based: the best-skilled in the queue's required skills, then longest idle.
 * Every strategy first narrows to the lowest tier with a free agent, and to agents who
 * meet the queue's required skills.
 */
export const routingStrategies = ['longest-idle', 'round-robin', 'fewest-calls', 'random', 'skills-based'] as const;
export const RoutingStrategy = z.enum(routingStrategies);
export type RoutingStrategy = z.infer<typeof RoutingStrategy>;

/**
 * What happens to a call when its queue is full or it has waited the queue's maximum:
 * move to another queue (keeping its place in time), or end with a recorded reason.
 * (Callback and voicemail arrive with the IVR.)
 */
export const OverflowAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('end') }),
  z.object({ kind: z.literal('queue'), queueId: z.uuid() }),
]);
export type OverflowAction = z.infer<typeof OverflowAction>;

/** Everything an admin sets on a queue. POST /api/queues takes it whole; PATCH any part. */
export const QueueSettings = z.object({
  name: QueueName,
  displayName: z.string().trim().min(1).max(80),
  strategy: RoutingStrategy.default('longest-idle'),
  requiredSkills: z.array(SkillRequirement).max(20).default([]),
  ringTimeoutMs: z.number().int().min(1_000).max(300_000).default(20_000),
  /** After-call work; the agent becomes available by itself when it runs out (0: none). */
  wrapUpMs: z.number().int().min(0).max(3_600_000).default(15_000),
  /** Calls waiting (not counting ringing) beyond which new calls overflow; null: no limit. */
  maxWaitingCalls: z.number().int().min(1).max(100_000).nullable().default(null),
  /** A call waiting longer than this overflows; null: no limit. */
  maxWaitMs: z.number().int().min(1_000).max(86_400_000).nullable().default(null),
  overflow: OverflowAction.default({ kind: 'end' }),
  /** Starting priority of this queue's calls (higher is served first across queues). */
  priority: z.number().int().min(0).max(100).default(0),
  /** Priority a waiting call gains per minute of waiting, so old calls are not starved. */
  priorityAgingPerMinute: z.number().min(0).max(100).default(1),
  /** Service level: the share of calls answered within this many seconds. */
  serviceLevelSeconds: z.number().int().min(1).max(3_600).default(20),
});
export type QueueSettings = z.infer<typeof QueueSettings>;
export type QueueSettingsInput = z.input<typeof QueueSettings>;

export const Queue = QueueSettings.extend({ id: z.uuid() });
export type Queue = z.infer<typeof Queue>;

/** An agent's membership of a queue: tier 1 is offered calls before tier 2, and so on. */
export const QueueMembership = z.object({ queueId: z.uuid(), tier: z.number().int().min(1).max(10).default(1) });
export type QueueMembership = z.infer<typeof QueueMembership>;
