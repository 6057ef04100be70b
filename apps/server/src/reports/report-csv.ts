import type { AgentReport, AgentReportRow, AgentReportTotal, QueueFigures, QueueReport, QueueReportRow, QueueReportTotal, ReportInterval } from '@cc/shared';
import { localIso } from '../calendar/local-time.ts';

/**
 * Reports as CSV (RFC 4180: CRLF line ends, fields with commas, quotes or line breaks
 * quoted): a header line, the rows, then the totals named "All queues" / "All agents".
 * Shares are percentages, durations seconds; an empty field is a figure with nothing to
 * average. Times are local to the report's time zone, with their offset.
 */
export function queueReportCsv(report: QueueReport): string {
  return reportCsv<QueueReportRow, QueueReportTotal>(report, {
    subject: ['queue', 'queue_name'],
    subjectOf: (r) => [r.queue.displayName, r.queue.name],
    allSubjects: 'All queues',
    figures: [
      count('offered', (r) => r.offered),
      count('answered', (r) => r.answered),
      count('abandoned', (r) => r.abandoned),
      count('overflowed', (r) => r.overflowed),
      count('answered_within_sl', (r) => r.answeredWithinServiceLevel),
      ...callFigureColumns,
    ],
  });
}

export function agentReportCsv(report: AgentReport): string {
  return reportCsv<AgentReportRow, AgentReportTotal>(report, {
    subject: ['agent', 'team'],
    subjectOf: (r) => [r.agent.displayName, r.agent.teamName ?? ''],
    allSubjects: 'All agents',
    figures: [
      count('offered', (r) => r.offered),
      count('answered', (r) => r.answered),
      count('missed', (r) => r.missed),
      count('abandoned', (r) => r.abandoned),
      count('answered_within_sl', (r) => r.answeredWithinServiceLevel),
      ...callFigureColumns,
      duration('signed_in_s', (r) => r.signedInSeconds),
      duration('on_call_s', (r) => r.onCallSeconds),
      duration('wrap_up_s', (r) => r.wrapUpSeconds),
      duration('away_s', (r) => r.awaySeconds),
      share('occupancy_pct', (r) => r.occupancy),
    ],
  });
}

/** One figure's CSV column: its header and how a row or total shows it. */
interface Column<F> {
  header: string;
  cell: (figures: F) => string;
}

/** A column of a figure that may be null (nothing to average): an empty field then. */
const nullableColumn =
  (format: (value: number) => string) =>
  <F>(header: string, value: (f: F) => number | null): Column<F> => ({
    header,
    cell: (f) => {
      const v = value(f);
      return v === null ? '' : format(v);
    },
  });
/** Shares come rounded to 0.01 %, so two decimals show them without rounding twice. */
const share = nullableColumn((v) => (v * 100).toFixed(2));
const duration = nullableColumn((v) => v.toFixed(1));
const count = <F>(header: string, value: (f: F) => number): Column<F> => ({ header, cell: (f) => String(value(f)) });

/** The figures queues and agents share, after their counts (call-figures.ts). */
const callFigureColumns: Array<Column<Omit<QueueFigures, 'overflowed'>>> = [
  share('answer_rate_pct', (r) => r.answerRate),
  share('service_level_pct', (r) => r.serviceLevel),
  duration('asa_s', (r) => r.asaSeconds),
  count('handled', (r) => r.handled),
  duration('aht_s', (r) => r.ahtSeconds),
  duration('avg_talk_s', (r) => r.avgTalkSeconds),
  duration('avg_wrap_up_s', (r) => r.avgWrapUpSeconds),
  duration('avg_abandoned_wait_s', (r) => r.avgAbandonedWaitSeconds),
];

interface CsvLayout<Row, Total> {
  /** The headers of the two columns naming a row's subject. */
  subject: [string, string];
  subjectOf: (row: Row) => [string, string];
  /** What the totals' subject column says; the second is left empty. */
  allSubjects: string;
  figures: Array<Column<Total>>;
}

/** The interval columns, the subject's two, then the figures: a line per row, then per total. */
function reportCsv<Row extends Total, Total extends { interval: ReportInterval }>(
  report: { from: string; to: string; timeZone: string; groupBy: string; rows: Row[]; totals: Total[] },
  layout: CsvLayout<Row, Total>,
): string {
  const lines = [[...intervalHeader(report), ...layout.subject, ...layout.figures.map((c) => c.header)]];
  const body = [
    ...report.rows.map((r) => ({ figures: r, subject: layout.subjectOf(r) })),
    ...report.totals.map((t) => ({ figures: t, subject: [layout.allSubjects, ''] })),
  ];
  for (const { figures, subject } of body) {
    lines.push([...intervalCells(report, figures.interval), ...subject.map(text), ...layout.figures.map((c) => c.cell(figures))]);
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

/** A name someone typed: a leading = + - @ would make a spreadsheet run it as a formula. */
const text = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

function toCsv(lines: string[][]): string {
  const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return `${lines.map((cells) => cells.map(field).join(',')).join('\r\n')}\r\n`;
}
