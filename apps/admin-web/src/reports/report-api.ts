import {
  AdminQueue,
  AgentReport,
  type AgentReportQueryInput,
  ApiError,
  CallRecordDetail,
  CallRecordPage,
  type CallRecordQuery,
  QueueReport,
  type QueueReportQueryInput,
  Recording,
  RecordingAudioUrl,
} from '@cc/shared';

/** A refused or failed request, with the server's words when it gave some. */
export class ReportRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ReportRequestError';
  }
}

interface ResponseSchema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false };
}

type QueryValue = string | number | readonly string[] | undefined;

/** `?a=1&ids=x,y`, leaving out what is undefined; lists go comma-separated (the server accepts both). */
export function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
    } else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * The report, call-record and recording endpoints, with the session's bearer token.
 * Answers are parsed with the shared schemas, so a mismatch shows up here, in words.
 */
export function createReportApi({ token, onUnauthorized, origin = '' }: { token: string; onUnauthorized?: () => void; origin?: string }) {
  async function send(path: string, accept = 'application/json'): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${token}`, accept } });
    } catch {
      throw new ReportRequestError(0, 'The server cannot be reached. Check your connection and try again.');
    }
    if (response.ok) return response;
    if (response.status === 401) onUnauthorized?.();
    const body: unknown = await response.json().catch(() => null);
    const error = ApiError.safeParse((body as { error?: unknown } | null)?.error);
    throw new ReportRequestError(response.status, error.success ? error.data.message : `The server answered HTTP ${response.status}.`);
  }

  async function get<T>(path: string, schema: ResponseSchema<T>): Promise<T> {
    const response = await send(path);
    const parsed = schema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new ReportRequestError(response.status, 'The server sent an answer this console does not understand.');
    return parsed.data;
  }

  const id = (value: string) => encodeURIComponent(value);

  return {
    queues: () => get('/api/queues', AdminQueue.array()),
    queueReport: (query: QueueReportQueryInput) => get(`/api/reports/queues${queryString({ ...query })}`, QueueReport),
    agentReport: (query: AgentReportQueryInput) => get(`/api/reports/agents${queryString({ ...query })}`, AgentReport),
    /** The same report as CSV, with the file name the server chose. */
    async reportCsv(kind: 'queues' | 'agents', query: QueueReportQueryInput): Promise<{ blob: Blob; filename: string }> {
      const response = await send(`/api/reports/${kind}${queryString({ ...query, format: 'csv' })}`, 'text/csv');
      const disposition = response.headers.get('content-disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `${kind}-report.csv`;
      return { blob: await response.blob(), filename };
    },
    searchCalls: (query: Partial<CallRecordQuery>) => get(`/api/calls${queryString(query)}`, CallRecordPage),
    callDetail: (callId: string) => get(`/api/calls/${id(callId)}`, CallRecordDetail),
    recordingsOf: (callId: string) => get(`/api/recordings${queryString({ callId })}`, Recording.array()),
    recordingAudioUrl: (recordingId: string) => get(`/api/recordings/${id(recordingId)}/audio-url`, RecordingAudioUrl),
  };
}

export type ReportApi = ReturnType<typeof createReportApi>;
