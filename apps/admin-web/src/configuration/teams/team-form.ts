import { type Team, TeamInput, TeamPatch } from '@cc/shared';
import { changedFields, validateWith, type Validated } from '../forms/validation.ts';

export interface TeamFormValues {
  name: string;
  supervisorIds: string[];
}

export const newTeamForm = (): TeamFormValues => ({ name: '', supervisorIds: [] });
export const editTeamForm = (team: Team): TeamFormValues => ({ name: team.name, supervisorIds: [...team.supervisorIds] });

/** POST /api/teams, checked by the schema the server uses. */
export const validateNewTeam = (values: TeamFormValues): Validated<TeamInput> => validateWith(TeamInput, values);

/**
 * PATCH /api/teams/:id with only what changed; the supervisors compare as a set, so
 * ticking and unticking the same person is no change.
 */
export function validateTeamChange(team: Team, values: TeamFormValues): Validated<TeamPatch> {
  const sorted = (v: TeamFormValues) => ({ name: v.name, supervisorIds: [...v.supervisorIds].sort() });
  const patch = changedFields(sorted(editTeamForm(team)), sorted(values));
  return validateWith(TeamPatch, patch.supervisorIds ? { ...patch, supervisorIds: values.supervisorIds } : patch);
}
