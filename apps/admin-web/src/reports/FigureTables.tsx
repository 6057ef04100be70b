import type { AgentReport, QueueReport } from '@cc/shared';
import type { ReactNode } from 'react';
import { count, duration, hoursMinutes, percent } from './figure-format.ts';

/** A share as text with a thin bar under it, so a column of them reads at a glance. */
function ShareCell({ share, tone }: { share: number | null; tone?: boolean }) {
  const level = share === null ? '' : share >= 0.8 ? 'good' : share >= 0.6 ? 'warn' : 'bad';
  return (
    <td className="rp-num">
      <span className="rp-share">
        {percent(share)}
        {share !== null && (
          <span className={`rp-meter${tone ? ` rp-meter-${level}` : ''}`} aria-hidden="true">
            <span style={{ width: `${Math.round(share * 100)}%` }} />
          </span>
        )}
      </span>
    </td>
  );
}

function Table({ caption, head, children, foot }: { caption: string; head: ReactNode; children: ReactNode; foot: ReactNode }) {
  return (
    <div className="rp-table-wrap">
      <table className="rp-table">
        <caption className="rp-visually-hidden">{caption}</caption>
        <thead>{head}</thead>
        <tbody>{children}</tbody>
        <tfoot>{foot}</tfoot>
      </table>
    </div>
  );
}

const Th = ({ children, title, num = true }: { children: ReactNode; title?: string; num?: boolean }) => (
  <th scope="col" className={num ? 'rp-num' : undefined} title={title}>
    {children}
  </th>
);

/** Every queue for the whole period, then the total over them. */
export function QueueTable({ report }: { report: QueueReport }) {
  const head = (
    <tr>
      <Th num={false}>Queue</Th>
      <Th>Offered</Th>
      <Th>Answered</Th>
      <Th>Abandoned</Th>
      <Th title="Sent on to another queue by overflow">Overflowed</Th>
      <Th>Answer rate</Th>
      <Th title="Answered within the queue's service-level target, of all offered">Service level</Th>
      <Th title="Average speed of answer">ASA</Th>
      <Th title="Average handle time: talk + wrap-up">AHT</Th>
      <Th title="How long callers waited before they gave up, on average">Abandon wait</Th>
    </tr>
  );
  const cells = (r: QueueReport['totals'][number]) => (
    <>
      <td className="rp-num">{count(r.offered)}</td>
      <td className="rp-num">{count(r.answered)}</td>
      <td className="rp-num">{count(r.abandoned)}</td>
      <td className="rp-num">{count(r.overflowed)}</td>
      <ShareCell share={r.answerRate} />
      <ShareCell share={r.serviceLevel} tone />
      <td className="rp-num">{duration(r.asaSeconds)}</td>
      <td className="rp-num">{duration(r.ahtSeconds)}</td>
      <td className="rp-num">{duration(r.avgAbandonedWaitSeconds)}</td>
    </>
  );
  const total = report.totals[0];
  return (
    <Table
      caption="Queues"
      head={head}
      foot={
        total && (
          <tr>
            <th scope="row">All queues</th>
            {cells(total)}
          </tr>
        )
      }
    >
      {report.rows.map((r) => (
        <tr key={r.queue.id}>
          <th scope="row">
            <span className="rp-name">{r.queue.displayName}</span>
            <span className="rp-sub">{r.queue.name}</span>
          </th>
          {cells(r)}
        </tr>
      ))}
    </Table>
  );
}

/** Every agent the viewer may see, for the whole period, then the total over them. */
export function AgentTable({ report }: { report: AgentReport }) {
  const head = (
    <tr>
      <Th num={false}>Agent</Th>
      <Th title="Times a call rang at the agent">Offered</Th>
      <Th>Answered</Th>
      <Th title="Offers that rang out or were declined">Missed</Th>
      <Th title="Callers who hung up while it rang">Abandoned</Th>
      <Th>Answer rate</Th>
      <Th title="Average speed of answer">ASA</Th>
      <Th title="Average handle time: talk + wrap-up">AHT</Th>
      <Th title="Signed in and not away">Signed in</Th>
      <Th title="On calls or in wrap-up, of the time signed in">Occupancy</Th>
    </tr>
  );
  const cells = (r: AgentReport['totals'][number]) => (
    <>
      <td className="rp-num">{count(r.offered)}</td>
      <td className="rp-num">{count(r.answered)}</td>
      <td className="rp-num">{count(r.missed)}</td>
      <td className="rp-num">{count(r.abandoned)}</td>
      <ShareCell share={r.answerRate} />
      <td className="rp-num">{duration(r.asaSeconds)}</td>
      <td className="rp-num">{duration(r.ahtSeconds)}</td>
      <td className="rp-num">{hoursMinutes(r.signedInSeconds)}</td>
      <ShareCell share={r.occupancy} />
    </>
  );
  const total = report.totals[0];
  return (
    <Table
      caption="Agents"
      head={head}
      foot={
        total && (
          <tr>
            <th scope="row">All agents</th>
            {cells(total)}
          </tr>
        )
      }
    >
      {report.rows.map((r) => (
        <tr key={r.agent.id}>
          <th scope="row">
            <span className="rp-name">{r.agent.displayName}</span>
            <span className="rp-sub">{r.agent.teamName ?? 'No team'}</span>
          </th>
          {cells(r)}
        </tr>
      ))}
    </Table>
  );
}
