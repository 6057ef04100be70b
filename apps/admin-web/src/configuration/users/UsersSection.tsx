import type { SectionProps } from '../ConfigurationPage.tsx';
import { ListSection } from '../ListSection.tsx';
import { allOf } from '../use-loaded.ts';
import { UserEditor } from './UserEditor.tsx';
import { roleLabels } from './role-labels.ts';

export function UsersSection({ api, access, user: me }: SectionProps) {
  return (
    <ListSection
      section="Users"
      description="Everyone who signs in: agents take calls, supervisors watch queues and calls, admins set things up."
      access={access}
      load={() => allOf({ users: api.users.list(), teams: api.teams.list(), skills: api.skills.list(), queues: api.queues.list() })}
      items={(d) => d.users}
      createLabel="New user"
      emptyText="No users yet."
      columns={['Name', 'Role', 'Team', 'Skills', 'Queues (tier)', 'Status']}
      rowKey={(u) => u.id}
      rowClassName={(u) => (u.disabled ? 'row-disabled' : undefined)}
      nameOf={(u) => u.displayName}
      cells={(u, data) => {
        const teamName = (id: string | null) => (id ? (data.teams.find((t) => t.id === id)?.name ?? '—') : '—');
        const skillName = (id: string) => data.skills.find((s) => s.id === id)?.name ?? 'unknown skill';
        const queueName = (id: string) => data.queues.find((q) => q.id === id)?.displayName ?? 'unknown queue';
        return (
          <>
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
              <Chips label={`Skills of ${u.displayName}`} chips={u.skills.map((s) => ({ key: s.skillId, name: skillName(s.skillId), level: s.level }))} />
            </td>
            <td>
              <Chips label={`Queues of ${u.displayName}`} chips={u.memberships.map((m) => ({ key: m.queueId, name: queueName(m.queueId), level: m.tier }))} />
            </td>
            <td>{u.disabled ? <span className="badge badge-off">Disabled</span> : <span className="badge badge-on">Active</span>}</td>
          </>
        );
      }}
      editor={({ item, data, onClose, onDone }) => (
        <UserEditor
          api={api}
          user={item}
          isSelf={item?.id === me.id}
          teams={data.teams}
          skills={data.skills}
          queues={data.queues}
          onClose={onClose}
          onDone={onDone}
        />
      )}
    />
  );
}

/** A user's skills with levels, or queues with tiers, as a named list; a dash when there are none. */
function Chips({ label, chips }: { label: string; chips: ReadonlyArray<{ key: string; name: string; level: number }> }) {
  if (chips.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="chips" aria-label={label}>
      {chips.map((c) => (
        <li key={c.key} className="chip">
          {c.name} <span className="chip-level">{c.level}</span>
        </li>
      ))}
    </ul>
  );
}
