import type { SipTrunk } from '@cc/shared';
import type { ConfigApi } from '../api/config-api.ts';
import { EditorDialog } from '../forms/EditorDialog.tsx';
import { CheckboxField, FieldGroup, RadioGroupField, SelectField, TextAreaField, TextField } from '../forms/fields.tsx';
import { useEntityEditor } from '../forms/use-entity-editor.ts';
import { editTrunkForm, newTrunkForm, validateNewTrunk, validateTrunkChange } from './trunk-form.ts';

interface TrunkEditorProps {
  api: ConfigApi;
  trunk: SipTrunk | null;
  onClose: () => void;
  onDone: (notice: string) => void;
}

/** A SIP trunk's settings (SipTrunkCreate). The password is write-only: it can be replaced or removed, never read. */
export function TrunkEditor({ api, trunk, onClose, onDone }: TrunkEditorProps) {
  const { values, setValues, set, dialog } = useEntityEditor({
    item: trunk,
    endpoints: api.trunks,
    keyOf: (t) => t.id,
    form: { blank: newTrunkForm, of: editTrunkForm, validateNew: validateNewTrunk, validateChange: validateTrunkChange },
    nameOf: (t) => t.name,
    labels: { new: 'New trunk', create: 'Create trunk', delete: 'Delete trunk' },
    notices: { created: (v) => `Trunk ${v.name.trim()} created.`, saved: (v) => `Trunk ${v.name.trim()} saved.`, deleted: (t) => `Trunk ${t.name} deleted.` },
    onClose,
    onDone,
  });
  const registers = values.mode === 'register';

  const passwordHint = trunk
    ? trunk.hasPassword
      ? 'A password is stored; it is never shown. Type a new one to replace it, or leave blank to keep it.'
      : 'No password is stored. Type one to set it.'
    : registers
      ? 'Needed to register. Stored for digest answers and never shown again.'
      : 'Optional: for carriers that challenge our calls. Never shown again once saved.';

  return (
    <EditorDialog {...dialog} subtitle="Changes reach the SIP gateway as soon as they are saved.">
      <FieldGroup legend="Trunk">
        <TextField name="name" label="Trunk name" value={values.name} onChange={set('name')} hint="Letters, digits, dot, dash or underscore, e.g. carrier-main." />
        <CheckboxField name="enabled" label="Enabled" checked={values.enabled} onChange={set('enabled')} hint="A disabled trunk takes no calls and does not register." />
        <RadioGroupField
          name="mode"
          legend="Type"
          value={values.mode}
          onChange={set('mode')}
          options={[
            { value: 'ip', label: 'IP trunk', hint: 'The carrier sends calls from known addresses and takes ours without registration.' },
            { value: 'register', label: 'Registration trunk', hint: 'We register with the carrier using a username and password.' },
          ]}
        />
      </FieldGroup>

      <FieldGroup legend="Inbound calls">
        <TextAreaField
          name="allowedSources"
          label="Accept calls from"
          value={values.allowedSources}
          onChange={set('allowedSources')}
          rows={3}
          placeholder={'203.0.113.7\n198.51.100.0/24'}
          lineErrors
          hint={`One IPv4 or IPv6 address, or a range in CIDR notation, per line. ${registers ? 'Optional for a registration trunk.' : 'At least one: calls from anywhere else are refused.'}`}
        />
      </FieldGroup>

      <FieldGroup legend={registers ? 'Registrar and outbound calls' : 'Outbound calls'}>
        <TextField
          name="outboundHost"
          label={registers ? 'Registrar host' : 'Carrier proxy host'}
          value={values.outboundHost}
          onChange={set('outboundHost')}
          placeholder={registers ? 'sip.example.com' : 'Optional'}
          hint={registers ? 'Where REGISTER and outbound calls go.' : 'Where outbound calls go; leave blank for a trunk that only takes calls in.'}
        />
        <TextField name="outboundPort" label="Port" type="number" inputMode="numeric" value={values.outboundPort} onChange={set('outboundPort')} hint="Usually 5060." />
        <SelectField
          name="transport"
          label="Transport"
          value={values.transport}
          onChange={set('transport')}
          options={[
            { value: 'udp', label: 'UDP' },
            { value: 'tcp', label: 'TCP' },
          ]}
        />
        <TextField
          name="defaultCallerId"
          label="Default caller ID"
          type="tel"
          inputMode="tel"
          value={values.defaultCallerId}
          onChange={set('defaultCallerId')}
          placeholder="Optional"
          hint="Shown to people we call when the queue sets none, e.g. +4930123456."
        />
      </FieldGroup>

      <FieldGroup legend="Credentials" description={registers ? undefined : 'Only if the carrier challenges our calls.'}>
        <TextField name="username" label="Username" value={values.username} onChange={set('username')} autoComplete="off" placeholder={registers ? '' : 'Optional'} hint="The digest user name the carrier gave you." />
        <TextField
          name="password"
          label={trunk?.hasPassword ? 'New password' : 'Password'}
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={(v) => setValues((old) => ({ ...old, password: v, removePassword: v === '' ? old.removePassword : false }))}
          hint={passwordHint}
        />
        {trunk?.hasPassword && (
          <CheckboxField
            name="removePassword"
            label="Remove the stored password"
            checked={values.removePassword}
            onChange={(checked) => setValues((old) => ({ ...old, removePassword: checked, password: checked ? '' : old.password }))}
          />
        )}
        {registers && (
          <TextField
            name="registerExpiresSeconds"
            label="Registration expiry"
            type="number"
            inputMode="numeric"
            unit="seconds"
            value={values.registerExpiresSeconds}
            onChange={set('registerExpiresSeconds')}
            hint="Asked for in each REGISTER (60 to 86,400); the registrar may grant less."
          />
        )}
      </FieldGroup>
    </EditorDialog>
  );
}
