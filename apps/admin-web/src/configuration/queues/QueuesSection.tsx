import type { AdminQueue, Skill } from '@cc/shared';
import { useState } from 'react';
import type { SectionProps } from '../ConfigurationPage.tsx';
import { EmptyList, SectionFrame } from '../SectionFrame.tsx';
import { useLoaded } from '../use-loaded.ts';
import { QueueEditor } from './QueueEditor.tsx';
import { durationText, overflowText, recordingLabels, strategyLabels } from './queue-labels.ts';

type Editing = { kind: 'new' } | { kind: 'edit'; queue: AdminQueue } | null;

export function QueuesSection({ api, access }: SectionProps) {
  const { loaded, reload } = useLoaded(async () => {
    // Supervisors may read queues but not the skill catalogue (admins only).
    const [queues, skills] = await Promise.all([api.queues.list(), access === 'edit' ? api.skills.list() : Promise.resolve<Skill[]>([])]);
    return { queues, skills };
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
      section="Queues"
      description="Where calls wait for an agent: how agents are picked, how long phones ring, and what happens when a queue is full."
      access={access}
      loaded={loaded}
      createLabel="New queue"
      onCreate={() => setEditing({ kind: 'new' })}
      notice={notice}
      count={(d) => d.queues.length}
    >
      {({ queues, skills }) => {
        const queueName = (id: string) => queues.find((q) => q.id === id)?.displayName ?? 'a removed queue';
        return (
          <>
            {queues.length === 0 ? (
              <EmptyList>No queues yet. Create one to start taking calls.</EmptyList>
            ) : (
              <div className="table-wrap">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">Queue</th>
                      <th scope="col">Routing</th>
                      <th scope="col">Ring / wrap-up</th>
                      <th scope="col">Service level</th>
                      <th scope="col">Overflow</th>
                      <th scope="col">Recording</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {queues.map((q) => (
                      <tr key={q.id}>
                        <th scope="row">
                          <span className="primary-text">{q.displayName}</span>
                          <span className="secondary-text mono">{q.name}</span>
                        </th>
                        <td>
                          {strategyLabels[q.strategy].label}
                          {q.requiredSkills.length > 0 && (
                            <span className="secondary-text">
                              {q.requiredSkills.length === 1 ? '1 required skill' : `${q.requiredSkills.length} required skills`}
                            </span>
                          )}
                        </td>
                        <td className="nowrap">
                          {durationText(q.ringTimeoutMs)} / {durationText(q.wrapUpMs)}
                        </td>
                        <td className="nowrap">{`Answered within ${q.serviceLevelSeconds} s`}</td>
                        <td>{overflowText(q, queueName)}</td>
                        <td>
                          <span className={`badge badge-recording-${q.recordingPolicy}`}>{recordingLabels[q.recordingPolicy].label}</span>
                        </td>
                        <td className="row-actions">
                          <button type="button" className="secondary" aria-label={`${access === 'edit' ? 'Edit' : 'View'} ${q.displayName}`} onClick={() => setEditing({ kind: 'edit', queue: q })}>
                            {access === 'edit' ? 'Edit' : 'View'}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {editing && (
              <QueueEditor
                api={api}
                queue={editing.kind === 'edit' ? editing.queue : null}
                queues={queues}
                skills={skills}
                readOnly={access !== 'edit'}
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
