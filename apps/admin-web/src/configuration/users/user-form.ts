import { type AdminUser, type Role, UserInput, UserPatch } from '@cc/shared';
import type { PairRow } from '../forms/pair-row.ts';
import { changedFields, numberFrom, validateWith, type Validated } from '../forms/validation.ts';

/** The user editor's fields as typed. */
export interface UserFormValues {
  username: string;
  displayName: string;
  role: Role;
  /** New users: required. Existing users: blank keeps the current password. */
  password: string;
  disabled: boolean;
  /** '' for no team. */
  teamId: string;
  skills: PairRow[];
  memberships: PairRow[];
}

export function newUserForm(): UserFormValues {
  return { username: '', displayName: '', role: 'agent', password: '', disabled: false, teamId: '', skills: [], memberships: [] };
}

export function editUserForm(user: AdminUser): UserFormValues {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    password: '',
    disabled: user.disabled,
    teamId: user.teamId ?? '',
    skills: user.skills.map((s) => ({ ref: s.skillId, number: String(s.level) })),
    memberships: user.memberships.map((m) => ({ ref: m.queueId, number: String(m.tier) })),
  };
}

/** What the form says, in the contract's shape; the username and password go separately. */
function profileCandidate(values: UserFormValues) {
  return {
    displayName: values.displayName,
    role: values.role,
    disabled: values.disabled,
    teamId: values.teamId === '' ? null : values.teamId,
    skills: values.skills.map((row) => ({ skillId: row.ref, level: numberFrom(row.number) })),
    memberships: values.memberships.map((row) => ({ queueId: row.ref, tier: numberFrom(row.number) })),
  };
}

/** POST /api/users, checked by the schema the server uses. */
export function validateNewUser(values: UserFormValues): Validated<UserInput> {
  return validateWith(UserInput, { username: values.username, password: values.password, ...profileCandidate(values) });
}

/**
 * PATCH /api/users/:id with only what changed. The username is fixed once created; a
 * blank password keeps the current one, and one typed is sent to be hashed.
 */
export function validateUserChange(user: AdminUser, values: UserFormValues): Validated<UserPatch> {
  const patch: Record<string, unknown> = changedFields(profileCandidate(editUserForm(user)), profileCandidate(values));
  if (values.password !== '') patch.password = values.password;
  return validateWith(UserPatch, patch);
}
