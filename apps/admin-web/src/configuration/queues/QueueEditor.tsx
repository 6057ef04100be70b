import { type AdminQueue, recordingPolicies, routingStrategies, type Skill } from '@cc/shared';
import type { ConfigApi } from '../api/config-api.ts';
import { EditorDialog } from '../forms/EditorDialog.tsx';
import { FieldGroup, RadioGroupField, SelectField, TextField } from '../forms/fields.tsx';
import { PairList } from '../forms/PairList.tsx';
import { useEntityEditor } from '../forms/use-entity-editor.ts';
import { optionsOf, recordingLabels, strategyLabels } from './queue-labels.ts';
import { editQueueForm, newQueueForm, validateNewQueue, validateQueueChange } from './queue-form.ts';

interface QueueEditorProps {
  api: ConfigApi;
  /** null: a new queue. */
  queue: AdminQueue | null;
  queues: readonly AdminQueue[];
  skills: readonly Skill[];
  readOnly: boolean;
  onClose: () => void;
  onDone: (notice: string) => void;
}

/** Every setting of a queue (QueueInput), grouped the way an admin thinks about them. */
export function QueueEditor({ api, queue, queues, skills, readOnly, onClose, onDone }: QueueEditorProps) {
  const { values, set, dialog } = useEntityEditor({
    item: queue,
    endpoints: api.queues,
    keyOf: (q) => q.id,
    form: { blank: newQueueForm, of: editQueueForm, validateNew: validateNewQueue, validateChange: validateQueueChange },
    nameOf: (q) => q.displayName,
    labels: { new: 'New queue', create: 'Create queue', delete: 'Delete queue' },
    notices: { created: (v) => `Queue ${v.displayName.trim()} created.`, saved: (v) => `Queue ${v.displayName.trim()} saved.`, deleted: (q) => `Queue ${q.displayName} deleted.` },
    readOnly,
    onClose,
    onDone,
  });

  const overflowTargets = queues.filter((q) => q.id !== queue?.id).map((q) => ({ value: q.id, label: q.displayName }));
  const skillOptions =
    skills.length > 0
      ? skills.map((s) => ({ value: s.id, label: s.name }))
      : values.requiredSkills.map((r, i) => ({ value: r.ref, label: `Required skill ${i + 1}` }));

  return (
    <EditorDialog {...dialog} subtitle={readOnly ? 'Read-only: only admins can change queues.' : queue ? `Queue ${queue.name}` : 'Settings left as they are take the usual defaults.'}>
      <FieldGroup legend="Queue">
        <TextField name="displayName" label="Display name" value={values.displayName} onChange={set('displayName')} hint="What agents and supervisors see, e.g. Billing support." />
        <TextField name="name" label="Queue name" value={values.name} onChange={set('name')} hint="The short name the widget and reports use: letters, digits, dash or underscore." />
        <SelectField name="strategy" label="Routing strategy" value={values.strategy} onChange={set('strategy')} options={optionsOf(routingStrategies, strategyLabels)} hint={strategyLabels[values.strategy].hint} />
        <SelectField name="recordingPolicy" label="Call recording" value={values.recordingPolicy} onChange={set('recordingPolicy')} options={optionsOf(recordingPolicies, recordingLabels)} hint={recordingLabels[values.recordingPolicy].hint} />
      </FieldGroup>

      <FieldGroup legend="Timing and service level">
        <TextField name="ringTimeoutMs" label="Ring timeout" type="number" inputMode="decimal" unit="seconds" value={values.ringTimeoutSeconds} onChange={set('ringTimeoutSeconds')} hint="How long an agent's phone rings before the call is offered to someone else (1 to 300)." />
        <TextField name="wrapUpMs" label="Wrap-up time" type="number" inputMode="decimal" unit="seconds" value={values.wrapUpSeconds} onChange={set('wrapUpSeconds')} hint="After-call work before the agent is available again; 0 for none." />
        <TextField name="serviceLevelSeconds" label="Service level threshold" type="number" inputMode="numeric" unit="seconds" value={values.serviceLevelSeconds} onChange={set('serviceLevelSeconds')} hint="Calls answered within this time count as within service level. A change applies to calls from now on; reports keep each call's threshold of its time." />
      </FieldGroup>

      <FieldGroup legend="Priority" description="Across queues, calls with the higher priority are answered first; waiting raises a call's priority so old calls are not starved.">
        <TextField name="priority" label="Starting priority" type="number" inputMode="numeric" value={values.priority} onChange={set('priority')} hint="0 to 100." />
        <TextField name="priorityAgingPerMinute" label="Priority gained per minute" type="number" inputMode="decimal" value={values.priorityAgingPerMinute} onChange={set('priorityAgingPerMinute')} hint="0 to 100; 0 keeps the priority fixed." />
      </FieldGroup>

      <FieldGroup legend="Limits and overflow" description="A call overflows when the queue is full or when it has waited too long. Leave a limit blank for none.">
        <TextField name="maxWaitingCalls" label="Most calls waiting" type="number" inputMode="numeric" value={values.maxWaitingCalls} onChange={set('maxWaitingCalls')} placeholder="No limit" hint="New calls beyond this many waiting overflow." />
        <TextField name="maxWaitMs" label="Longest wait" type="number" inputMode="decimal" unit="seconds" value={values.maxWaitSeconds} onChange={set('maxWaitSeconds')} placeholder="No limit" hint="A call waiting longer than this overflows." />
        <RadioGroupField
          name="overflow"
          legend="When a call overflows"
          value={values.overflowKind}
          onChange={set('overflowKind')}
          options={[
            { value: 'end', label: 'End the call', hint: 'The caller is told the queue is busy; the reason is recorded.' },
            { value: 'queue', label: 'Move it to another queue', hint: 'The call keeps the time it has waited.' },
          ]}
        />
        {values.overflowKind === 'queue' && (
          <SelectField
            name="overflow.queueId"
            label="Overflow queue"
            value={values.overflowQueueId}
            onChange={set('overflowQueueId')}
            options={[{ value: '', label: 'Choose a queue…' }, ...overflowTargets]}
          />
        )}
      </FieldGroup>

      <PairList
        name="requiredSkills"
        legend="Required skills"
        description="Only agents with at least these levels are offered this queue's calls (levels 1 to 10)."
        rows={values.requiredSkills}
        onChange={set('requiredSkills')}
        refKey="skillId"
        numberKey="minLevel"
        refTitle="Skill"
        numberTitle="Minimum level"
        item="skill"
        options={skillOptions}
        numberRange={{ min: 1, max: 10 }}
        defaultNumber="1"
        emptyText={skills.length === 0 && !readOnly ? 'No skills exist yet: create them under Skills first.' : 'Any agent in the queue may take its calls.'}
      />

      <FieldGroup legend="Outbound calls">
        <TextField name="outboundCallerId" label="Outbound caller ID" type="tel" inputMode="tel" value={values.outboundCallerId} onChange={set('outboundCallerId')} placeholder="Trunk default" hint="The number callers see when an agent dials out for this queue, e.g. +4930123456. Blank: the trunk's default." />
      </FieldGroup>
    </EditorDialog>
  );
}
