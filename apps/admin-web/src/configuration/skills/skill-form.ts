import { notEmpty, patchOf, type Skill, SkillInput } from '@cc/shared';
import { changedFields, validateWith, type Validated } from '../forms/validation.ts';

/**
 * PATCH /api/skills/:id. The server builds the same schema from the same shared pieces
 * (apps/server/src/http/skill-routes.ts), so the two cannot drift.
 */
const SkillPatch = patchOf(SkillInput.shape).refine(notEmpty, 'Change at least one field.');

export interface SkillFormValues {
  name: string;
  description: string;
}

export const newSkillForm = (): SkillFormValues => ({ name: '', description: '' });
export const editSkillForm = (skill: Skill): SkillFormValues => ({ name: skill.name, description: skill.description });

export const validateNewSkill = (values: SkillFormValues): Validated<SkillInput> => validateWith(SkillInput, values);

export function validateSkillChange(skill: Skill, values: SkillFormValues): Validated<Partial<SkillInput>> {
  return validateWith(SkillPatch, changedFields(editSkillForm(skill), values));
}
