import { z } from 'zod';
import { notEmpty, patchOf } from './patch.ts';
import { QueueMembership, QueueSettings } from './queue.ts';

/** PATCH /api/queues/:id: any part of the settings; absent fields stay as they are. */
export const QueuePatch = patchOf(QueueSettings.shape).refine(notEmpty, 'Change at least one field.');
export type QueuePatch = z.infer<typeof QueuePatch>;

/** PUT /api/users/:id/memberships: the agent's whole set of queues, each queue once. */
export const QueueMembershipList = z
  .array(QueueMembership)
  .max(100)
  .refine((list) => new Set(list.map((m) => m.queueId)).size === list.length, 'Each queue may appear only once.');
export type QueueMembershipList = z.infer<typeof QueueMembershipList>;
