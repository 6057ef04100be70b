import type { AdminUser } from '@cc/shared';
import { useState } from 'react';
import type { SectionProps } from '../ConfigurationPage.tsx';
import { EmptyList, SectionFrame } from '../SectionFrame.tsx';
import { useLoaded } from '../use-loaded.ts';
import { UserEditor } from './UserEditor.tsx';
import { roleLabels } from './role-labels.ts';

type Editing = { kind: 'new' } | { kind: 'edit'; user: AdminUser } | null;

export function UsersSection({ api, access, user: me }: SectionProps) {
  const { loaded, reload } = useLoaded(async () => {
    const [users, teams, skills, queues] = await Promise.all([api.users.list(), api.teams.list(), api.skills.list(), api.queues.list()]);
    return { users, teams, skills, queues };
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
      section="Users"
      description="Everyone who signs in: agents take calls, supervisors watch queues and calls, admins set things up."
      access={access}
      loaded={loaded}
      createLabel="New user"
      onCreate={() => setEditing({ kind: 'new' })}
      notice={notice}
      count={(d) => d.users.length}
    >
      {(data) => {
        const teamName = (id: string | null) => (id ? (data.teams.find((t) => t.id === id)?.name ?? '—') : '—');
        const skillName = (id: string) => data.skills.find((s) => s.id === id)?.name ?? 'unknown skill';
        const queueName = (id: string) => data.queues.find((q) => q.id === id)?.displayName ?? 'unknown queue';
        return (
          <>
            {data.users.length === 0 ? (
              <EmptyList>No users yet.</EmptyList>
            ) : (
              <div className="table-wrap">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Role</th>
                      <th scope="col">Team</th>
                      <th scope="col">Skills</th>
                      <th scope="col">Queues (tier)</th>
                      <th scope="col">Status</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.users.map((u) => (
                      <tr key={u.id} className={u.disabled ? 'row-disabled' : undefined}>
                        <th scope="row">
                          <span className="primary-text">
                            {u.displayName}
                            {u.id === me.id && <span className="badge badge-muted">You</span>}
                          </span>
                          <span className="secondary-text mono">{u.username}</span>
                        </th>
                        <td>
                          <span className={`badge badge-role-${u.role}`}>{roleLabels[u.role]}</span>
                        </td>
                        <td>{teamName(u.teamId)}</td>
                        <td>
                          {u.skills.length === 0 ? (
                            <span className="muted">—</span>
                          ) : (
                            <ul className="chips" aria-label={`Skills of ${u.displayName}`}>
                              {u.skills.map((s) => (
                                <li key={s.skillId} className="chip">
                                  {skillName(s.skillId)} <span className="chip-level">{s.level}</span>
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                        <td>
                          {u.memberships.length === 0 ? (
                            <span className="muted">—</span>
                          ) : (
                            <ul className="chips" aria-label={`Queues of ${u.displayName}`}>
                              {u.memberships.map((m) => (
                                <li key={m.queueId} className="chip">
                                  {queueName(m.queueId)} <span className="chip-level">{m.tier}</span>
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                        <td>{u.disabled ? <span className="badge badge-off">Disabled</span> : <span className="badge badge-on">Active</span>}</td>
                        <td className="row-actions">
                          <button type="button" className="secondary" aria-label={`Edit ${u.displayName}`} onClick={() => setEditing({ kind: 'edit', user: u })}>
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
              <UserEditor
                api={api}
                user={editing.kind === 'edit' ? editing.user : null}
                isSelf={editing.kind === 'edit' && editing.user.id === me.id}
                teams={data.teams}
                skills={data.skills}
                queues={data.queues}
                onClose={() => setEditing(null)}
                onDone={done}
              />
            )}
          </>
        );
      }}
    </SectionFrame>
  );
}
