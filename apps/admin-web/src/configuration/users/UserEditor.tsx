import { type AdminQueue, type AdminUser, roles, type Skill, type Team } from '@cc/shared';
import type { ConfigApi } from '../api/config-api.ts';
import { EditorDialog } from '../forms/EditorDialog.tsx';
import { CheckboxField, FieldGroup, SelectField, TextField } from '../forms/fields.tsx';
import { PairList } from '../forms/PairList.tsx';
import { useEntityEditor } from '../forms/use-entity-editor.ts';
import { roleHints, roleLabels } from './role-labels.ts';
import { editUserForm, newUserForm, validateNewUser, validateUserChange } from './user-form.ts';

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
  const { values, set, dialog } = useEntityEditor({
    item: user,
    endpoints: api.users,
    keyOf: (u) => u.id,
    form: { blank: newUserForm, of: editUserForm, validateNew: validateNewUser, validateChange: validateUserChange },
    nameOf: (u) => u.displayName,
    labels: { new: 'New user', create: 'Create user', delete: 'Delete user' },
    notices: { created: (v) => `${v.displayName.trim()} added.`, saved: (v) => `${v.displayName.trim()} saved.`, deleted: (u) => `${u.displayName} deleted.` },
    onClose,
    onDone,
  });

  return (
    <EditorDialog
      {...dialog}
      subtitle={user ? `Signs in as ${user.username}` : 'They sign in with this username and password.'}
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
          onChange={set('role')}
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
