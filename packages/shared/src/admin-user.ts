import { z } from 'zod';
import { notEmpty, patchOf } from './patch.ts';
import { QueueMembershipList } from './queue-admin.ts';
import { AgentSkill } from './skill.ts';
import { Role, Username } from './user.ts';

/** Admin-set passwords: at least 8 characters (bcrypt reads only the first 72 bytes). */
export const NewPassword = z.string().min(8).max(72);

/** PUT /api/users/:id/skills: the agent's whole set of skills, each skill once. */
export const AgentSkillList = z
  .array(AgentSkill)
  .max(100)
  .refine((list) => new Set(list.map((s) => s.skillId)).size === list.length, 'Each skill may appear only once.');
export type AgentSkillList = z.infer<typeof AgentSkillList>;

/** POST /api/users */
export const UserInput = z.object({
  username: Username,
  displayName: z.string().trim().min(1).max(80),
  role: Role,
  password: NewPassword,
  disabled: z.boolean().default(false),
  teamId: z.uuid().nullable().default(null),
  skills: AgentSkillList.default([]),
  memberships: QueueMembershipList.default([]),
});
export type UserInput = z.input<typeof UserInput>;

/** PATCH /api/users/:id. The username is fixed once created (it is the sign-in name in logs). */
const { username: _username, ...patchable } = UserInput.shape;
export const UserPatch = patchOf(patchable).refine(notEmpty, 'Change at least one field.');
export type UserPatch = z.infer<typeof UserPatch>;

/** A user as admins see them: never the password hash. */
export const AdminUser = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  disabled: z.boolean(),
  teamId: z.uuid().nullable(),
  skills: z.array(AgentSkill),
  memberships: z.array(z.object({ queueId: z.uuid(), tier: z.number().int() })),
});
export type AdminUser = z.infer<typeof AdminUser>;
