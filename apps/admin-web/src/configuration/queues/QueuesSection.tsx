import type { Skill } from '@cc/shared';
import type { SectionProps } from '../ConfigurationPage.tsx';
import { ListSection } from '../ListSection.tsx';
import { allOf } from '../use-loaded.ts';
import { QueueEditor } from './QueueEditor.tsx';
import { durationText, overflowText, recordingLabels, strategyLabels } from './queue-labels.ts';

export function QueuesSection({ api, access }: SectionProps) {
  return (
    <ListSection
      section="Queues"
      description="Where calls wait for an agent: how agents are picked, how long phones ring, and what happens when a queue is full."
      access={access}
      // Supervisors may read queues but not the skill catalogue (admins only).
      load={() => allOf({ queues: api.queues.list(), skills: access === 'edit' ? api.skills.list() : Promise.resolve<Skill[]>([]) })}
      items={(d) => d.queues}
      createLabel="New queue"
      emptyText="No queues yet. Create one to start taking calls."
      columns={['Queue', 'Routing', 'Ring / wrap-up', 'Service level', 'Overflow', 'Recording']}
      rowKey={(q) => q.id}
      nameOf={(q) => q.displayName}
      cells={(q, { queues }) => (
        <>
          <th scope="row">
            <span className="primary-text">{q.displayName}</span>
            <span className="secondary-text mono">{q.name}</span>
          </th>
          <td>
            {strategyLabels[q.strategy].label}
            {q.requiredSkills.length > 0 && (
              <span className="secondary-text">{q.requiredSkills.length === 1 ? '1 required skill' : `${q.requiredSkills.length} required skills`}</span>
            )}
          </td>
          <td className="nowrap">
            {durationText(q.ringTimeoutMs)} / {durationText(q.wrapUpMs)}
          </td>
          <td className="nowrap">{`Answered within ${q.serviceLevelSeconds} s`}</td>
          <td>{overflowText(q, (id) => queues.find((other) => other.id === id)?.displayName ?? 'a removed queue')}</td>
          <td>
            <span className={`badge badge-recording-${q.recordingPolicy}`}>{recordingLabels[q.recordingPolicy].label}</span>
          </td>
        </>
      )}
      editor={({ item, data, readOnly, onClose, onDone }) => (
        <QueueEditor api={api} queue={item} queues={data.queues} skills={data.skills} readOnly={readOnly} onClose={onClose} onDone={onDone} />
      )}
    />
  );
}
