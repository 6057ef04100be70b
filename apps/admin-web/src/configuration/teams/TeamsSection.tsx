import type { AdminUser, Team } from '@cc/shared';
import type { ConfigApi } from '../api/config-api.ts';
import type { SectionProps } from '../ConfigurationPage.tsx';
import { EditorDialog } from '../forms/EditorDialog.tsx';
import { errorsUnder } from '../forms/field-errors.ts';
import { FieldError, FieldGroup, TextField, useControl, useFormScope } from '../forms/fields.tsx';
import { useEntityEditor } from '../forms/use-entity-editor.ts';
import { ListSection } from '../ListSection.tsx';
import { allOf } from '../use-loaded.ts';
import { editTeamForm, newTeamForm, validateNewTeam, validateTeamChange } from './team-form.ts';

export function TeamsSection({ api, access }: SectionProps) {
  return (
    <ListSection
      section="Teams"
      description="Agents belong to a team (set on each user); a team's supervisors look after its agents."
      access={access}
      load={() => allOf({ teams: api.teams.list(), users: api.users.list() })}
      items={(d) => d.teams}
      createLabel="New team"
      emptyText="No teams yet."
      columns={['Team', 'Supervisors', 'Members']}
      rowKey={(t) => t.id}
      nameOf={(t) => t.name}
      cells={(t, { users }) => {
        const names = (ids: readonly string[]) => ids.map((id) => users.find((u) => u.id === id)?.displayName ?? 'unknown user');
        return (
          <>
            <th scope="row">
              <span className="primary-text">{t.name}</span>
            </th>
            <td>{t.supervisorIds.length ? names(t.supervisorIds).join(', ') : <span className="muted">None</span>}</td>
            <td>
              {t.memberIds.length === 0 ? (
                <span className="muted">No members</span>
              ) : (
                <>
                  <span className="count-inline">{t.memberIds.length}</span> {names(t.memberIds).join(', ')}
                </>
              )}
            </td>
          </>
        );
      }}
      editor={({ item, data, onClose, onDone }) => <TeamEditor api={api} team={item} users={data.users} onClose={onClose} onDone={onDone} />}
    />
  );
}

interface TeamEditorProps {
  api: ConfigApi;
  team: Team | null;
  users: readonly AdminUser[];
  onClose: () => void;
  onDone: (notice: string) => void;
}

function TeamEditor({ api, team, users, onClose, onDone }: TeamEditorProps) {
  const { values, set, dialog } = useEntityEditor({
    item: team,
    endpoints: api.teams,
    keyOf: (t) => t.id,
    form: { blank: newTeamForm, of: editTeamForm, validateNew: validateNewTeam, validateChange: validateTeamChange },
    nameOf: (t) => t.name,
    labels: { new: 'New team', create: 'Create team', delete: 'Delete team' },
    notices: { created: (v) => `Team ${v.name.trim()} created.`, saved: (v) => `Team ${v.name.trim()} saved.`, deleted: (t) => `Team ${t.name} deleted.` },
    onClose,
    onDone,
  });
  const members = team ? users.filter((u) => team.memberIds.includes(u.id)) : [];

  return (
    <EditorDialog {...dialog} subtitle="Agents join a team from their own user settings.">
      <FieldGroup legend="Team">
        <TextField name="name" label="Team name" value={values.name} onChange={set('name')} wide />
      </FieldGroup>
      <SupervisorChoice users={users.filter((u) => u.role !== 'agent')} chosen={values.supervisorIds} onChange={set('supervisorIds')} />
      {team && (
        <fieldset className="field-group">
          <legend>Members</legend>
          <p className="field-hint group-hint">{members.length === 0 ? 'No agent is in this team yet. Set the team on a user to add them.' : members.map((m) => m.displayName).join(', ')}</p>
          <p className="muted small">Deleting the team keeps its members, with no team.</p>
        </fieldset>
      )}
    </EditorDialog>
  );
}

/** Supervisors are users with the supervisor or admin role; the server refuses agents. */
function SupervisorChoice({ users, chosen, onChange }: { users: readonly AdminUser[]; chosen: readonly string[]; onChange: (ids: string[]) => void }) {
  const { errors } = useFormScope();
  const problems = errorsUnder(errors, 'supervisorIds')
    .map((e) => (e.rest ? `${users.find((u) => u.id === chosen[Number(e.rest)])?.displayName ?? 'A supervisor'}: ${e.message}` : e.message))
    .join(' ');
  const control = useControl('supervisorIds', { error: problems || undefined });
  return (
    <fieldset className="field-group" aria-describedby={control['aria-describedby']}>
      <legend>Supervisors</legend>
      {users.length === 0 ? (
        <p className="muted">No supervisors or admins exist yet: give a user the supervisor role first.</p>
      ) : (
        <div className="check-list">
          {users.map((u) => {
            const id = `${control.id}-${u.id}`;
            return (
              <span className="check" key={u.id}>
                <input
                  id={id}
                  type="checkbox"
                  checked={chosen.includes(u.id)}
                  onChange={(e) => onChange(e.target.checked ? [...chosen, u.id] : chosen.filter((c) => c !== u.id))}
                />
                <label htmlFor={id}>
                  {u.displayName} <span className="muted">({u.role})</span>
                </label>
              </span>
            );
          })}
        </div>
      )}
      <FieldError id={control.errorId} message={control.error} />
    </fieldset>
  );
}
