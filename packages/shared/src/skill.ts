import { z } from 'zod';

/** Skill levels run 1 (basic) to 10 (expert). */
export const SkillLevel = z.number().int().min(1).max(10);

export const SkillName = z.string().trim().min(1).max(64).regex(/^[a-z0-9 ._-]+$/i, 'letters, digits, space, dot, dash or underscore');

/** POST /api/skills, PATCH /api/skills/:id */
export const SkillInput = z.object({
  name: SkillName,
  description: z.string().trim().max(500).default(''),
});
export type SkillInput = z.input<typeof SkillInput>;

export const Skill = z.object({ id: z.uuid(), name: z.string(), description: z.string() });
export type Skill = z.infer<typeof Skill>;

/** A skill an agent has, at a level. */
export const AgentSkill = z.object({ skillId: z.uuid(), level: SkillLevel });
export type AgentSkill = z.infer<typeof AgentSkill>;

/** A skill a queue requires of the agents it offers calls to, at least at `minLevel`. */
export const SkillRequirement = z.object({ skillId: z.uuid(), minLevel: SkillLevel });
export type SkillRequirement = z.infer<typeof SkillRequirement>;
