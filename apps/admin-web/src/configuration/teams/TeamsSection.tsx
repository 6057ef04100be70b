import type { AdminUser, Team } from '@cc/shared';
import { useState } from 'react';
import type { ConfigApi } from '../api/config-api.ts';
import type { SectionProps } from '../ConfigurationPage.tsx';
import { EditorDialog } from '../forms/EditorDialog.tsx';
import { errorsUnder } from '../forms/field-errors.ts';
import { FieldError, FieldGroup, TextField, useControl, useFormScope } from '../forms/fields.tsx';
import { useSubmission } from '../forms/use-submission.ts';
import { EmptyList, SectionFrame } from '../SectionFrame.tsx';
import { useLoaded } from '../use-loaded.ts';
import { editTeamForm, newTeamForm, type TeamFormValues, validateNewTeam, validateTeamChange } from './team-form.ts';

type Editing = { kind: 'new' } | { kind: 'edit'; team: Team } | null;

export function TeamsSection({ api, access }: SectionProps) {
  const { loaded, reload } = useLoaded(async () => {
    const [teams, users] = await Promise.all([api.teams.list(), api.users.list()]);
    return { teams, users };
  });
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = (message: string) => {
    setEditing(null);
    setNotice(message);
    reload();
  };

  return (
    <SectionFrame
      section="Teams"
      description="Agents belong to a team (set on each user); a team's supervisors look after its agents."
      access={access}
      loaded={loaded}
      createLabel="New team"
      onCreate={() => setEditing({ kind: 'new' })}
      notice={notice}
      count={(d) => d.teams.length}
    >
      {({ teams, users }) => {
        const names = (ids: readonly string[]) => ids.map((id) => users.find((u) => u.id === id)?.displayName ?? 'unknown user');
        return (
          <>
            {teams.length === 0 ? (
              <EmptyList>No teams yet.</EmptyList>
            ) : (
              <div className="table-wrap">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">Team</th>
                      <th scope="col">Supervisors</th>
                      <th scope="col">Members</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {teams.map((t) => (
                      <tr key={t.id}>
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
                        <td className="row-actions">
                          <button type="button" className="secondary" aria-label={`Edit ${t.name}`} onClick={() => setEditing({ kind: 'edit', team: t })}>
                            Edit
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {editing && (
              <TeamEditor api={api} team={editing.kind === 'edit' ? editing.team : null} users={users} onClose={() => setEditing(null)} onDone={done} />
            )}
          </>
        );
      }}
    </SectionFrame>
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
  const [values, setValues] = useState<TeamFormValues>(() => (team ? editTeamForm(team) : newTeamForm()));
  const submission = useSubmission();
  const members = team ? users.filter((u) => team.memberIds.includes(u.id)) : [];

  const save = () => {
    const name = values.name.trim();
    if (team) submission.save(validateTeamChange(team, values), (patch) => api.teams.update(team.id, patch), () => onDone(`Team ${name} saved.`));
    else submission.save(validateNewTeam(values), (input) => api.teams.create(input), () => onDone(`Team ${name} created.`));
  };

  return (
    <EditorDialog
      title={team ? `Edit ${team.name}` : 'New team'}
      subtitle="Agents join a team from their own user settings."
      errors={submission.errors}
      problem={submission.problem}
      busy={submission.busy}
      readOnly={false}
      submitLabel={team ? 'Save changes' : 'Create team'}
      onSubmit={save}
      onClose={onClose}
      onDelete={team ? () => submission.remove(() => api.teams.remove(team.id), () => onDone(`Team ${team.name} deleted.`)) : undefined}
      deleteLabel="Delete team"
    >
      <FieldGroup legend="Team">
        <TextField name="name" label="Team name" value={values.name} onChange={(name) => setValues((v) => ({ ...v, name }))} wide />
      </FieldGroup>
      <SupervisorChoice
        users={users.filter((u) => u.role !== 'agent')}
        chosen={values.supervisorIds}
        onChange={(supervisorIds) => setValues((v) => ({ ...v, supervisorIds }))}
      />
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
