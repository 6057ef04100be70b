import type { TrunkRegistrationStatus } from '@cc/shared';
import type { SectionProps } from '../ConfigurationPage.tsx';
import { ListSection } from '../ListSection.tsx';
import { TrunkEditor } from './TrunkEditor.tsx';
import { registrationLabels } from './trunk-labels.ts';

export function TrunksSection({ api, access }: SectionProps) {
  return (
    <ListSection
      section="Trunks"
      description="SIP connections to your carriers: where calls may come from, and where outbound calls and registrations go."
      access={access}
      load={async () => {
        const trunks = await api.trunks.list();
        // A status that cannot be had (gateway busy) leaves its cell blank rather than failing the list.
        const statuses = await Promise.all(trunks.map((t) => api.trunks.status(t.id).catch(() => null)));
        return { trunks, statuses: new Map(statuses.filter((s): s is TrunkRegistrationStatus => s !== null).map((s) => [s.trunkId, s])) };
      }}
      items={(d) => d.trunks}
      createLabel="New trunk"
      emptyText="No trunks yet. Add the SIP trunk your carrier gave you to take phone calls."
      columns={['Trunk', 'Type', 'Accepts calls from', 'Outbound to', 'Registration']}
      rowKey={(t) => t.id}
      rowClassName={(t) => (t.enabled ? undefined : 'row-disabled')}
      nameOf={(t) => t.name}
      cells={(t, { statuses }) => {
        const status = statuses.get(t.id);
        return (
          <>
            <th scope="row">
              <span className="primary-text mono">{t.name}</span>
              {!t.enabled && <span className="badge badge-off">Disabled</span>}
            </th>
            <td>{t.mode === 'ip' ? 'IP (no registration)' : 'Registers with provider'}</td>
            <td className="mono small">{t.allowedSources.length ? t.allowedSources.join(', ') : <span className="muted">No addresses: takes no calls in</span>}</td>
            <td className="mono small">
              {t.outboundHost ? `${t.outboundHost}:${t.outboundPort} (${t.transport.toUpperCase()})` : <span className="muted">Inbound only</span>}
            </td>
            <td>
              {status ? (
                <span className={`badge badge-registration-${status.state}`} title={status.lastError ?? undefined}>
                  {registrationLabels[status.state]}
                  {status.lastError ? `: ${status.lastError}` : ''}
                </span>
              ) : (
                <span className="muted">Unknown</span>
              )}
            </td>
          </>
        );
      }}
      editor={({ item, onClose, onDone }) => <TrunkEditor api={api} trunk={item} onClose={onClose} onDone={onDone} />}
    />
  );
}
