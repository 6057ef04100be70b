import type { AdminQueue, PhoneNumber, SipTrunk } from '@cc/shared';
import type { ConfigApi } from '../api/config-api.ts';
import type { SectionProps } from '../ConfigurationPage.tsx';
import { EditorDialog } from '../forms/EditorDialog.tsx';
import { FieldGroup, SelectField, TextField } from '../forms/fields.tsx';
import { useEntityEditor } from '../forms/use-entity-editor.ts';
import { ListSection } from '../ListSection.tsx';
import { allOf } from '../use-loaded.ts';
import { editPhoneNumberForm, newPhoneNumberForm, validateNewPhoneNumber, validatePhoneNumberChange } from './phone-number-form.ts';

export function PhoneNumbersSection({ api, access }: SectionProps) {
  return (
    <ListSection
      section="Phone numbers"
      description="The numbers customers dial. A call to a number goes to its queue."
      access={access}
      load={() => allOf({ numbers: api.phoneNumbers.list(), queues: api.queues.list(), trunks: api.trunks.list() })}
      items={(d) => d.numbers}
      createLabel="New phone number"
      createBlockedReason={(d) => (d.queues.length === 0 ? 'Create a queue first: every number leads to one.' : null)}
      emptyText="No phone numbers yet. Add the numbers your carrier gave you and pick the queue each rings."
      columns={['Number', 'Label', 'Rings queue', 'Trunk']}
      rowKey={(n) => n.number}
      nameOf={(n) => n.number}
      cells={(n, { queues, trunks }) => (
        <>
          <th scope="row">
            <span className="primary-text mono">{n.number}</span>
          </th>
          <td>{n.label ?? <span className="muted">—</span>}</td>
          <td>
            <span className="arrow" aria-hidden="true">
              →{' '}
            </span>
            {queues.find((q) => q.id === n.queueId)?.displayName ?? 'unknown queue'}
          </td>
          <td className={n.trunkId ? 'mono' : 'muted'}>{n.trunkId ? (trunks.find((t) => t.id === n.trunkId)?.name ?? 'unknown trunk') : 'Not tied to a trunk'}</td>
        </>
      )}
      editor={({ item, data, onClose, onDone }) => <PhoneNumberEditor api={api} entry={item} queues={data.queues} trunks={data.trunks} onClose={onClose} onDone={onDone} />}
    />
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
  const { values, set, dialog } = useEntityEditor({
    item: entry,
    endpoints: api.phoneNumbers,
    keyOf: (n) => n.number,
    form: {
      blank: () => newPhoneNumberForm({ queueId: queues[0]?.id, trunkId: trunks.length === 1 ? trunks[0]!.id : '' }),
      of: editPhoneNumberForm,
      validateNew: validateNewPhoneNumber,
      validateChange: validatePhoneNumberChange,
    },
    nameOf: (n) => n.number,
    labels: { new: 'New phone number', create: 'Add number', delete: 'Release number' },
    // The number cannot change (it is the key), so the values' number is the entry's.
    notices: { created: (v) => `${v.number.trim()} added.`, saved: (v) => `${v.number.trim()} saved.`, deleted: (n) => `${n.number} released.` },
    onClose,
    onDone,
  });
  return (
    <EditorDialog {...dialog} subtitle={entry ? 'To change the number itself, delete it and add the new one.' : null}>
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
