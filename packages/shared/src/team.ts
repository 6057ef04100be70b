import { z } from 'zod';
import { notEmpty, patchOf } from './patch.ts';

export const TeamName = z.string().trim().min(1).max(80);

/**
 * POST /api/teams. Agents join a team through their own `teamId`; supervisors are
 * listed here, and a supervisor may look after several teams.
 */
export const TeamInput = z.object({
  name: TeamName,
  supervisorIds: z
    .array(z.uuid())
    .max(50)
    .default([])
    .refine((ids) => new Set(ids).size === ids.length, 'Each supervisor may appear only once.'),
});
export type TeamInput = z.input<typeof TeamInput>;

/** PATCH /api/teams/:id */
export const TeamPatch = patchOf(TeamInput.shape).refine(notEmpty, 'Change at least one field.');
export type TeamPatch = z.infer<typeof TeamPatch>;

export const Team = z.object({
  id: z.uuid(),
  name: z.string(),
  supervisorIds: z.array(z.uuid()),
  /** Users whose `teamId` is this team. */
  memberIds: z.array(z.uuid()),
});
export type Team = z.infer<typeof Team>;
