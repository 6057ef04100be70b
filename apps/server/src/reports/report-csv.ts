import type { AgentReport, QueueReport, ReportInterval } from '@cc/shared';

/**
 * Reports as CSV (RFC 4180: CRLF line ends, fields with commas, quotes or line breaks
 * quoted): a header line, the rows, then the totals named "All queues" / "All agents".
 * Shares are percentages, durations seconds; an empty field is a figure with nothing to
 * average. Times are local to the report's time zone, with their offset.
 */
export function queueReportCsv(report: QueueReport): string {
  const head = ['queue', 'queue_name', 'offered', 'answered', 'abandoned', 'overflowed', 'answered_within_sl'];
  const figures = ['answer_rate_pct', 'service_level_pct', 'asa_s', 'handled', 'aht_s', 'avg_talk_s', 'avg_wrap_up_s', 'avg_abandoned_wait_s'];
  const lines = [[...intervalHeader(report), ...head, ...figures]];
  const body = [
    ...report.rows.map((r) => ({ ...r, label: [r.queue.displayName, r.queue.name] })),
    ...report.totals.map((t) => ({ ...t, label: ['All queues', ''] })),
  ];
  for (const r of body) {
    lines.push([
      ...intervalCells(report, r.interval),
      ...r.label.map(text),
      ...[r.offered, r.answered, r.abandoned, r.overflowed, r.answeredWithinServiceLevel].map(String),
      percent(r.answerRate),
      percent(r.serviceLevel),
      seconds(r.asaSeconds),
      String(r.handled),
      seconds(r.ahtSeconds),
      seconds(r.avgTalkSeconds),
      seconds(r.avgWrapUpSeconds),
      seconds(r.avgAbandonedWaitSeconds),
    ]);
  }
  return toCsv(lines);
}

export function agentReportCsv(report: AgentReport): string {
  const head = ['agent', 'team', 'offered', 'answered', 'missed', 'abandoned', 'answered_within_sl'];
  const figures = [
    'answer_rate_pct',
    'service_level_pct',
    'asa_s',
    'handled',
    'aht_s',
    'avg_talk_s',
    'avg_wrap_up_s',
    'avg_abandoned_wait_s',
    'signed_in_s',
    'on_call_s',
    'wrap_up_s',
    'away_s',
    'occupancy_pct',
  ];
  const lines = [[...intervalHeader(report), ...head, ...figures]];
  const body = [
    ...report.rows.map((r) => ({ ...r, label: [r.agent.displayName, r.agent.teamName ?? ''] })),
    ...report.totals.map((t) => ({ ...t, label: ['All agents', ''] })),
  ];
  for (const r of body) {
    lines.push([
      ...intervalCells(report, r.interval),
      ...r.label.map(text),
      ...[r.offered, r.answered, r.missed, r.abandoned, r.answeredWithinServiceLevel].map(String),
      percent(r.answerRate),
      percent(r.serviceLevel),
      seconds(r.asaSeconds),
      String(r.handled),
      seconds(r.ahtSeconds),
      seconds(r.avgTalkSeconds),
      seconds(r.avgWrapUpSeconds),
      seconds(r.avgAbandonedWaitSeconds),
      seconds(r.signedInSeconds),
      seconds(r.onCallSeconds),
      seconds(r.wrapUpSeconds),
      seconds(r.awaySeconds),
      percent(r.occupancy),
    ]);
  }
  return toCsv(lines);
}

/**
 * e.g. queue-report_2026-03-02_to_2026-03-08_by-day.csv: the first and the last local day
 * the period touches (`to` is exclusive, so a period ending at midnight ends the day before).
 */
export function reportFilename(kind: 'queue' | 'agent', report: { from: string; to: string; timeZone: string; groupBy: string }): string {
  const day = (ms: number) => localIso(new Date(ms), report.timeZone).slice(0, 10);
  const first = day(Date.parse(report.from));
  const last = day(Date.parse(report.to) - 1);
  return `${kind}-report_${first}_to_${last}_${report.groupBy === 'total' ? 'total' : `by-${report.groupBy}`}.csv`;
}

const intervalHeader = (report: { groupBy: string }) => (report.groupBy === 'total' ? ['period_start', 'period_end'] : ['interval_start', 'interval_end']);

function intervalCells(report: { from: string; to: string; timeZone: string }, interval: ReportInterval): string[] {
  const start = interval?.start ?? report.from;
  const end = interval?.end ?? report.to;
  return [localIso(new Date(start), report.timeZone), localIso(new Date(end), report.timeZone)];
}

/** Shares come rounded to 0.01 %, so two decimals show them without rounding twice. */
const percent = (share: number | null) => (share === null ? '' : (share * 100).toFixed(2));
const seconds = (value: number | null) => (value === null ? '' : value.toFixed(1));

/** A name someone typed: a leading = + - @ would make a spreadsheet run it as a formula. */
const text = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

function toCsv(lines: string[][]): string {
  const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return `${lines.map((cells) => cells.map(field).join(',')).join('\r\n')}\r\n`;
}

/** `date` as local ISO 8601 in `timeZone`, with its offset: 2026-03-02T10:00:00+01:00. */
export function localIso(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  const offsetMinutes = Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = offsetMinutes === 0 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}
