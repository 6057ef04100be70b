import { AgentReport, AgentReportQuery, QueueReport, QueueReportQuery, type ReportFormat } from '@cc/shared';
import type { FastifyReply } from 'fastify';
import { forbidden } from '../errors.ts';
import type { Queryable } from '../persistence/database.ts';
import { agentReport } from '../reports/agent-report.ts';
import { queueReport } from '../reports/queue-report.ts';
import { agentReportCsv, queueReportCsv, reportFilename } from '../reports/report-csv.ts';
import type { ReportPeriod } from '../reports/report-intervals.ts';
import { TeamRepository } from '../teams/team-repository.ts';
import type { ApiRouter } from './api-router.ts';
import type { RequestUser } from './bearer-auth.ts';

const csvNote = ' Add `format=csv` (or send `Accept: text/csv`) for a CSV download of the same rows and totals.';

/**
 * GET /api/reports/queues and /api/reports/agents (issue #6). Supervisors and admins see
 * every queue; supervisors see only the agents of the teams they supervise.
 * `now` is the report's time (tests pin it).
 */
export function registerReportRoutes(router: ApiRouter, db: Queryable, now: () => Date = () => new Date()): void {
  const teams = new TeamRepository(db);
  router.route(
    {
      method: 'GET',
      url: '/api/reports/queues',
      tag: 'Reports',
      summary: 'Queue figures for a period',
      description:
        'Offered, answered, abandoned, overflowed, answer rate, service level, ASA, AHT and the average wait of ' +
        'abandoned calls, per queue, for the whole period or per hour or day in `timeZone`, with totals.' +
        csvNote,
      roles: ['supervisor', 'admin'],
      query: QueueReportQuery,
      response: QueueReport,
    },
    async ({ query, request, reply }) => {
      const report = await queueReport(db, periodOf(query, now()), query.queueIds);
      if (!wantsCsv(query.format, request.headers.accept)) return report;
      return sendCsv(reply, reportFilename('queue', report), queueReportCsv(report));
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/api/reports/agents',
      tag: 'Reports',
      summary: 'Agent figures for a period',
      description:
        'Offers, answers, misses, abandons while ringing, ASA, AHT, time signed in, on calls, in wrap-up and away, ' +
        'and occupancy, per agent, with totals over the agents shown. Supervisors see the agents of their teams; ' +
        'asking for another agent is 403.' +
        csvNote,
      roles: ['supervisor', 'admin'],
      query: AgentReportQuery,
      response: AgentReport,
    },
    async ({ query, user, request, reply }) => {
      const agentIds = await visibleAgents(user, query.agentIds, teams);
      const report = await agentReport(db, periodOf(query, now()), { agentIds, queueIds: query.queueIds });
      if (!wantsCsv(query.format, request.headers.accept)) return report;
      return sendCsv(reply, reportFilename('agent', report), agentReportCsv(report));
    },
  );
}

function periodOf(query: QueueReportQuery, asOf: Date): ReportPeriod {
  return { from: new Date(query.from), to: new Date(query.to), groupBy: query.groupBy, timeZone: query.timeZone, asOf };
}

/** The agents a report may show: null is every agent (admins who named none). */
async function visibleAgents(user: RequestUser, requested: string[] | undefined, teams: TeamRepository): Promise<string[] | null> {
  if (user.role === 'admin') return requested ?? null;
  const supervised = await teams.memberIdsSupervisedBy(user.userId);
  if (!requested) return supervised;
  if (requested.some((id) => !supervised.includes(id))) throw forbidden('That agent is not in a team you supervise.');
  return requested;
}

/** `format` wins; without it, an Accept header that names text/csv (and not JSON first) asks for CSV. */
function wantsCsv(format: ReportFormat | undefined, accept: string | undefined): boolean {
  if (format) return format === 'csv';
  const types = (accept ?? '').split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  const csv = types.indexOf('text/csv');
  const json = types.indexOf('application/json');
  return csv >= 0 && (json < 0 || csv < json);
}

function sendCsv(reply: FastifyReply, filename: string, csv: string): FastifyReply {
  return reply
    .status(200)
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(csv);
}
