import { z } from 'zod';
import { notEmpty, patchOf } from './patch.ts';
import { Queue, QueueMembership, QueueSettings } from './queue.ts';
import { RecordingPolicy } from './recording.ts';
import { PhoneNumberDigits } from './telephony-admin.ts';

/**
 * Queue settings that concern telephony, not routing: the ACD never reads them, so they
 * live here rather than in QueueSettings, and routing code keeps its narrower `Queue`.
 */
const queueTelephonyFields = {
  /** Caller ID shown when an agent dials out for this queue; null: the trunk's default. */
  outboundCallerId: PhoneNumberDigits.nullable().default(null),
  /** Which calls are recorded (see RecordingPolicy); matches the column default of migration v5. */
  recordingPolicy: RecordingPolicy.default('none'),
};

/** POST /api/queues: the routing settings and the telephony ones. */
export const QueueInput = QueueSettings.extend(queueTelephonyFields);
export type QueueInput = z.infer<typeof QueueInput>;

/** A queue as GET /api/queues answers it. */
export const AdminQueue = Queue.extend({ outboundCallerId: z.string().nullable(), recordingPolicy: RecordingPolicy });
export type AdminQueue = z.infer<typeof AdminQueue>;

/** PATCH /api/queues/:id: any part of the settings; absent fields stay as they are. */
export const QueuePatch = patchOf(QueueInput.shape).refine(notEmpty, 'Change at least one field.');
export type QueuePatch = z.infer<typeof QueuePatch>;

/** PUT /api/users/:id/memberships: the agent's whole set of queues, each queue once. */
export const QueueMembershipList = z
  .array(QueueMembership)
  .max(100)
  .refine((list) => new Set(list.map((m) => m.queueId)).size === list.length, 'Each queue may appear only once.');
export type QueueMembershipList = z.infer<typeof QueueMembershipList>;
