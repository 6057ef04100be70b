import type { AdminQueue, PhoneNumber, SipTrunk } from '@cc/shared';
import { useState } from 'react';
import type { ConfigApi } from '../api/config-api.ts';
import type { SectionProps } from '../ConfigurationPage.tsx';
import { EditorDialog } from '../forms/EditorDialog.tsx';
import { FieldGroup, SelectField, TextField } from '../forms/fields.tsx';
import { useSubmission } from '../forms/use-submission.ts';
import { EmptyList, SectionFrame } from '../SectionFrame.tsx';
import { useLoaded } from '../use-loaded.ts';
import { editPhoneNumberForm, newPhoneNumberForm, type PhoneNumberFormValues, validateNewPhoneNumber, validatePhoneNumberChange } from './phone-number-form.ts';

type Editing = { kind: 'new' } | { kind: 'edit'; entry: PhoneNumber } | null;

export function PhoneNumbersSection({ api, access }: SectionProps) {
  const { loaded, reload } = useLoaded(async () => {
    const [numbers, queues, trunks] = await Promise.all([api.phoneNumbers.list(), api.queues.list(), api.trunks.list()]);
    return { numbers, queues, trunks };
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
      section="Phone numbers"
      description="The numbers customers dial. A call to a number goes to its queue."
      access={access}
      loaded={loaded}
      createLabel="New phone number"
      onCreate={() => setEditing({ kind: 'new' })}
      createBlockedReason={loaded.state === 'ready' && loaded.data.queues.length === 0 ? 'Create a queue first: every number leads to one.' : null}
      notice={notice}
      count={(d) => d.numbers.length}
    >
      {({ numbers, queues, trunks }) => {
        const queueName = (id: string) => queues.find((q) => q.id === id)?.displayName ?? 'unknown queue';
        const trunkName = (id: string | null) => (id ? (trunks.find((t) => t.id === id)?.name ?? 'unknown trunk') : 'Not tied to a trunk');
        return (
          <>
            {numbers.length === 0 ? (
              <EmptyList>No phone numbers yet. Add the numbers your carrier gave you and pick the queue each rings.</EmptyList>
            ) : (
              <div className="table-wrap">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">Number</th>
                      <th scope="col">Label</th>
                      <th scope="col">Rings queue</th>
                      <th scope="col">Trunk</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {numbers.map((n) => (
                      <tr key={n.number}>
                        <th scope="row">
                          <span className="primary-text mono">{n.number}</span>
                        </th>
                        <td>{n.label ?? <span className="muted">—</span>}</td>
                        <td>
                          <span className="arrow" aria-hidden="true">
                            →{' '}
                          </span>
                          {queueName(n.queueId)}
                        </td>
                        <td className={n.trunkId ? 'mono' : 'muted'}>{trunkName(n.trunkId)}</td>
                        <td className="row-actions">
                          <button type="button" className="secondary" aria-label={`Edit ${n.number}`} onClick={() => setEditing({ kind: 'edit', entry: n })}>
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
              <PhoneNumberEditor
                api={api}
                entry={editing.kind === 'edit' ? editing.entry : null}
                queues={queues}
                trunks={trunks}
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

interface PhoneNumberEditorProps {
  api: ConfigApi;
  entry: PhoneNumber | null;
  queues: readonly AdminQueue[];
  trunks: readonly SipTrunk[];
  onClose: () => void;
  onDone: (notice: string) => void;
}

function PhoneNumberEditor({ api, entry, queues, trunks, onClose, onDone }: PhoneNumberEditorProps) {
  const [values, setValues] = useState<PhoneNumberFormValues>(() =>
    entry ? editPhoneNumberForm(entry) : newPhoneNumberForm({ queueId: queues[0]?.id, trunkId: trunks.length === 1 ? trunks[0]!.id : '' }),
  );
  const submission = useSubmission();
  const set = <K extends keyof PhoneNumberFormValues>(key: K) => (value: PhoneNumberFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const save = () => {
    if (entry) submission.save(validatePhoneNumberChange(entry, values), (patch) => api.phoneNumbers.update(entry.number, patch), () => onDone(`${entry.number} saved.`));
    else submission.save(validateNewPhoneNumber(values), (input) => api.phoneNumbers.create(input), () => onDone(`${values.number.trim()} added.`));
  };
  return (
    <EditorDialog
      title={entry ? `Edit ${entry.number}` : 'New phone number'}
      subtitle={entry ? 'To change the number itself, delete it and add the new one.' : null}
      errors={submission.errors}
      problem={submission.problem}
      busy={submission.busy}
      readOnly={false}
      submitLabel={entry ? 'Save changes' : 'Add number'}
      onSubmit={save}
      onClose={onClose}
      onDelete={entry ? () => submission.remove(() => api.phoneNumbers.remove(entry.number), () => onDone(`${entry.number} released.`)) : undefined}
      deleteLabel="Release number"
    >
      <FieldGroup legend="Number">
        <TextField
          name="number"
          label="Phone number"
          type="tel"
          inputMode="tel"
          value={values.number}
          onChange={set('number')}
          locked={entry !== null}
          placeholder="+4930123456"
          hint="As the carrier sends it: 2 to 20 digits, with a leading + if the carrier uses one. Spaces and dashes are dropped."
        />
        <TextField name="label" label="Label" value={values.label} onChange={set('label')} placeholder="Optional" hint="What the number is for, e.g. Main support line." />
        <SelectField
          name="queueId"
          label="Queue"
          value={values.queueId}
          onChange={set('queueId')}
          options={queues.map((q) => ({ value: q.id, label: q.displayName }))}
          hint="Calls to this number wait in this queue."
        />
        <SelectField
          name="trunkId"
          label="Trunk"
          value={values.trunkId}
          onChange={set('trunkId')}
          options={[{ value: '', label: 'Not tied to a trunk' }, ...trunks.map((t) => ({ value: t.id, label: t.name }))]}
          hint="The carrier connection the number belongs to. Calls to it are answered whichever allowed trunk they arrive on."
        />
      </FieldGroup>
    </EditorDialog>
  );
}
