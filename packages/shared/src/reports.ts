import { z } from 'zod';

/**
 * Contact-center reports (issue #6): GET /api/reports/queues and GET /api/reports/agents.
 * How every figure is computed, and how calls crossing the period's edges count, is
 * written beside the SQL in apps/server/src/reports/.
 */

/** `total`: one row per queue or agent for the whole period; `hour`/`day`: one per interval. */
export const reportGroupings = ['total', 'hour', 'day'] as const;
export const ReportGrouping = z.enum(reportGroupings);
export type ReportGrouping = z.infer<typeof ReportGrouping>;

export const ReportFormat = z.enum(['json', 'csv']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** The longest period one report covers, and the longest one grouped by hour (744 hours). */
export const MAX_REPORT_DAYS = 366;
export const MAX_HOURLY_REPORT_DAYS = 31;

/**
 * An IANA zone name ("Europe/Paris", "UTC"). Offsets such as "+01:00" are refused: the
 * database reads them with the POSIX sign, the opposite of ISO 8601.
 */
export const ReportTimeZone = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/, 'an IANA time zone name, such as Europe/Paris')
  .refine(isKnownTimeZone, 'not a time zone this system knows');

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Ids as a repeated query parameter (`?queueIds=a&queueIds=b`) or comma-separated. */
const IdList = z
  .union([z.array(z.string()), z.string().transform((text) => text.split(',').filter((id) => id.length > 0))])
  .pipe(z.array(z.uuid()).min(1).max(200));

const IsoTime = z.iso.datetime({ offset: true });
const DAY_MS = 86_400_000;

const reportQueryShape = {
  /** Calls offered at or after this instant. */
  from: IsoTime,
  /** Calls offered before this instant. */
  to: IsoTime,
  groupBy: ReportGrouping.default('total'),
  /** Where hours and days start; UTC by default. */
  timeZone: ReportTimeZone.default('UTC'),
  /** Only these queues (default: all). */
  queueIds: IdList.optional(),
  /** `csv` answers text/csv (so does `Accept: text/csv`). */
  format: ReportFormat.optional(),
};

function checkPeriod(q: { from: string; to: string; groupBy: ReportGrouping }, ctx: z.core.$RefinementCtx): void {
  const span = Date.parse(q.to) - Date.parse(q.from);
  if (span <= 0) ctx.addIssue({ code: 'custom', path: ['from'], message: '`from` must be before `to`.' });
  else if (span > MAX_REPORT_DAYS * DAY_MS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `a report covers at most ${MAX_REPORT_DAYS} days.` });
  } else if (q.groupBy === 'hour' && span > MAX_HOURLY_REPORT_DAYS * DAY_MS) {
    ctx.addIssue({ code: 'custom', path: ['groupBy'], message: `by hour, a report covers at most ${MAX_HOURLY_REPORT_DAYS} days.` });
  }
}

/** GET /api/reports/queues query string. */
export const QueueReportQuery = z.object(reportQueryShape).superRefine(checkPeriod);
export type QueueReportQuery = z.infer<typeof QueueReportQuery>;
export type QueueReportQueryInput = z.input<typeof QueueReportQuery>;

/** GET /api/reports/agents query string. `queueIds` narrows the call figures, not the agent-state ones. */
export const AgentReportQuery = z
  .object({ ...reportQueryShape, agentIds: IdList.optional() })
  .superRefine(checkPeriod);
export type AgentReportQuery = z.infer<typeof AgentReportQuery>;
export type AgentReportQueryInput = z.input<typeof AgentReportQuery>;

/** An interval of a grouped report, [start, end); null for a whole-period row. */
export const ReportInterval = z.object({ start: z.string(), end: z.string() }).nullable();
export type ReportInterval = z.infer<typeof ReportInterval>;

const count = z.number().int().min(0);
/** A share from 0 to 1; null when its denominator is zero. */
const share = z.number().min(0).max(1).nullable();
/** Seconds; null when there is nothing to average. */
const meanSeconds = z.number().min(0).nullable();

/** Figures common to queues and agents; their exact definitions are in apps/server/src/reports/. */
const callFigures = {
  offered: count,
  answered: count,
  abandoned: count,
  answeredWithinServiceLevel: count,
  /** answered ÷ offered */
  answerRate: share,
  /** answeredWithinServiceLevel ÷ offered */
  serviceLevel: share,
  /** Average speed of answer. */
  asaSeconds: meanSeconds,
  /** Handlings (one agent's finished work on one call) the next three average over. */
  handled: count,
  /** Average handle time: talk + wrap-up. */
  ahtSeconds: meanSeconds,
  avgTalkSeconds: meanSeconds,
  avgWrapUpSeconds: meanSeconds,
  /** How long abandoned callers waited before giving up, on average. */
  avgAbandonedWaitSeconds: meanSeconds,
};

export const QueueFigures = z.object({
  ...callFigures,
  /** Calls this queue sent on to another queue by overflow (they count as offered there). */
  overflowed: count,
});
export type QueueFigures = z.infer<typeof QueueFigures>;

export const AgentFigures = z.object({
  ...callFigures,
  /** Offers that rang out or that the agent declined. */
  missed: count,
  /** Time signed in and not away (available, ringing, on a call or in wrap-up), inside the interval. */
  signedInSeconds: z.number().min(0),
  /** Time in the on-call state, inside the interval. */
  onCallSeconds: z.number().min(0),
  /** Time in the wrap-up state, inside the interval (not avgWrapUpSeconds, which follows the calls). */
  wrapUpSeconds: z.number().min(0),
  awaySeconds: z.number().min(0),
  /** (on call + wrap-up) ÷ signed in. */
  occupancy: share,
});
export type AgentFigures = z.infer<typeof AgentFigures>;

export const ReportQueueRef = z.object({ id: z.uuid(), name: z.string(), displayName: z.string() });
export const ReportAgentRef = z.object({ id: z.uuid(), displayName: z.string(), teamName: z.string().nullable() });

export const QueueReportRow = QueueFigures.extend({ interval: ReportInterval, queue: ReportQueueRef });
export type QueueReportRow = z.infer<typeof QueueReportRow>;
export const QueueReportTotal = QueueFigures.extend({ interval: ReportInterval });
export type QueueReportTotal = z.infer<typeof QueueReportTotal>;

export const AgentReportRow = AgentFigures.extend({ interval: ReportInterval, agent: ReportAgentRef });
export type AgentReportRow = z.infer<typeof AgentReportRow>;
export const AgentReportTotal = AgentFigures.extend({ interval: ReportInterval });
export type AgentReportTotal = z.infer<typeof AgentReportTotal>;

const reportHeader = {
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  groupBy: ReportGrouping,
  /** When the report was computed: figures still running (a call in progress) stop here. */
  generatedAt: z.string(),
};

/**
 * Rows: every queue for `total`; for `hour`/`day`, the (queue, interval) pairs with calls.
 * Totals: across the rows' queues, one per interval, every interval of the period included.
 */
export const QueueReport = z.object({ ...reportHeader, rows: z.array(QueueReportRow), totals: z.array(QueueReportTotal) });
export type QueueReport = z.infer<typeof QueueReport>;

/** Like QueueReport; an agent appears in hour/day rows for an interval with calls or signed-in time. */
export const AgentReport = z.object({ ...reportHeader, rows: z.array(AgentReportRow), totals: z.array(AgentReportTotal) });
export type AgentReport = z.infer<typeof AgentReport>;
