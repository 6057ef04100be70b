import { type AdminQueue, type AdminUser, roles, type Skill, type Team } from '@cc/shared';
import { useState } from 'react';
import type { ConfigApi } from '../api/config-api.ts';
import { EditorDialog } from '../forms/EditorDialog.tsx';
import { CheckboxField, FieldGroup, SelectField, TextField } from '../forms/fields.tsx';
import { PairList } from '../forms/PairList.tsx';
import { useSubmission } from '../forms/use-submission.ts';
import { roleHints, roleLabels } from './role-labels.ts';
import { editUserForm, newUserForm, type UserFormValues, validateNewUser, validateUserChange } from './user-form.ts';

interface UserEditorProps {
  api: ConfigApi;
  /** null: a new user. */
  user: AdminUser | null;
  /** The admin editing their own account: the server refuses self-demotion and self-deletion. */
  isSelf: boolean;
  teams: readonly Team[];
  skills: readonly Skill[];
  queues: readonly AdminQueue[];
  onClose: () => void;
  onDone: (notice: string) => void;
}

export function UserEditor({ api, user, isSelf, teams, skills, queues, onClose, onDone }: UserEditorProps) {
  const [values, setValues] = useState<UserFormValues>(() => (user ? editUserForm(user) : newUserForm()));
  const submission = useSubmission();
  const set = <K extends keyof UserFormValues>(key: K) => (value: UserFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  const save = () => {
    const name = values.displayName.trim();
    if (user) submission.save(validateUserChange(user, values), (patch) => api.users.update(user.id, patch), () => onDone(`${name} saved.`));
    else submission.save(validateNewUser(values), (input) => api.users.create(input), () => onDone(`${name} added.`));
  };

  return (
    <EditorDialog
      title={user ? `Edit ${user.displayName}` : 'New user'}
      subtitle={user ? `Signs in as ${user.username}` : 'They sign in with this username and password.'}
      errors={submission.errors}
      problem={submission.problem}
      busy={submission.busy}
      readOnly={false}
      submitLabel={user ? 'Save changes' : 'Create user'}
      onSubmit={save}
      onClose={onClose}
      onDelete={user ? () => submission.remove(() => api.users.remove(user.id), () => onDone(`${user.displayName} deleted.`)) : undefined}
      deleteLabel="Delete user"
      deleteBlockedReason={isSelf ? 'You cannot delete your own account.' : null}
    >
      <FieldGroup legend="Account">
        <TextField name="displayName" label="Full name" value={values.displayName} onChange={set('displayName')} autoComplete="off" hint="Shown to colleagues and on reports." />
        <TextField
          name="username"
          label="Username"
          value={values.username}
          onChange={set('username')}
          locked={user !== null}
          hint={user ? 'Fixed once created: it is the sign-in name in logs.' : 'Letters, digits, dot, dash or underscore.'}
        />
        <SelectField
          name="role"
          label="Role"
          value={values.role}
          onChange={(v) => set('role')(v as UserFormValues['role'])}
          options={roles.map((r) => ({ value: r, label: roleLabels[r] }))}
          locked={isSelf}
          hint={isSelf ? 'You cannot change your own role: another admin must.' : roleHints[values.role]}
        />
        <SelectField
          name="teamId"
          label="Team"
          value={values.teamId}
          onChange={set('teamId')}
          options={[{ value: '', label: 'No team' }, ...teams.map((t) => ({ value: t.id, label: t.name }))]}
          hint="Agents belong to one team; its supervisors see them."
        />
        <TextField
          name="password"
          label={user ? 'New password' : 'Password'}
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={set('password')}
          hint={user ? 'Leave blank to keep the current password. At least 8 characters.' : 'At least 8 characters; tell it to them privately.'}
        />
        <CheckboxField
          name="disabled"
          label="Account disabled"
          checked={values.disabled}
          onChange={set('disabled')}
          locked={isSelf}
          hint={isSelf ? 'You cannot disable your own account.' : 'A disabled user cannot sign in; their call history stays.'}
        />
      </FieldGroup>

      <PairList
        name="skills"
        legend="Skills"
        description="Level 1 (basic) to 10 (expert). Queues that require a skill offer calls only to agents at or above its minimum level."
        rows={values.skills}
        onChange={set('skills')}
        refKey="skillId"
        numberKey="level"
        refTitle="Skill"
        numberTitle="Level"
        item="skill"
        options={skills.map((s) => ({ value: s.id, label: s.name }))}
        numberRange={{ min: 1, max: 10 }}
        defaultNumber="5"
        emptyText={skills.length === 0 ? 'No skills exist yet: create them under Skills first.' : 'No skills.'}
      />

      <PairList
        name="memberships"
        legend="Queues"
        description="The queues this agent takes calls from. Tier 1 is offered calls first, then tier 2, and so on (1 to 10)."
        rows={values.memberships}
        onChange={set('memberships')}
        refKey="queueId"
        numberKey="tier"
        refTitle="Queue"
        numberTitle="Tier"
        item="queue"
        options={queues.map((q) => ({ value: q.id, label: q.displayName }))}
        numberRange={{ min: 1, max: 10 }}
        defaultNumber="1"
        emptyText={queues.length === 0 ? 'No queues exist yet: create one under Queues first.' : 'Not in any queue.'}
      />
    </EditorDialog>
  );
}
