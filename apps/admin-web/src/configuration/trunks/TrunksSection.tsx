import type { SipTrunk, TrunkRegistrationStatus } from '@cc/shared';
import { useState } from 'react';
import type { SectionProps } from '../ConfigurationPage.tsx';
import { EmptyList, SectionFrame } from '../SectionFrame.tsx';
import { useLoaded } from '../use-loaded.ts';
import { TrunkEditor } from './TrunkEditor.tsx';
import { registrationLabels } from './trunk-labels.ts';

type Editing = { kind: 'new' } | { kind: 'edit'; trunk: SipTrunk } | null;

export function TrunksSection({ api, access }: SectionProps) {
  const { loaded, reload } = useLoaded(async () => {
    const trunks = await api.trunks.list();
    // A status that cannot be had (gateway busy) leaves its cell blank rather than failing the list.
    const statuses = await Promise.all(trunks.map((t) => api.trunks.status(t.id).catch(() => null)));
    return { trunks, statuses: new Map(statuses.filter((s): s is TrunkRegistrationStatus => s !== null).map((s) => [s.trunkId, s])) };
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
      section="Trunks"
      description="SIP connections to your carriers: where calls may come from, and where outbound calls and registrations go."
      access={access}
      loaded={loaded}
      createLabel="New trunk"
      onCreate={() => setEditing({ kind: 'new' })}
      notice={notice}
      count={(d) => d.trunks.length}
    >
      {({ trunks, statuses }) => (
        <>
          {trunks.length === 0 ? (
            <EmptyList>No trunks yet. Add the SIP trunk your carrier gave you to take phone calls.</EmptyList>
          ) : (
            <div className="table-wrap">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Trunk</th>
                    <th scope="col">Type</th>
                    <th scope="col">Accepts calls from</th>
                    <th scope="col">Outbound to</th>
                    <th scope="col">Registration</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {trunks.map((t) => {
                    const status = statuses.get(t.id);
                    return (
                      <tr key={t.id} className={t.enabled ? undefined : 'row-disabled'}>
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
                        <td className="row-actions">
                          <button type="button" className="secondary" aria-label={`Edit ${t.name}`} onClick={() => setEditing({ kind: 'edit', trunk: t })}>
                            Edit
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {editing && <TrunkEditor api={api} trunk={editing.kind === 'edit' ? editing.trunk : null} onClose={() => setEditing(null)} onDone={done} />}
        </>
      )}
    </SectionFrame>
  );
}
