import { ApiError, WidgetSessionResponse, type WidgetSessionRequest } from '@cc/shared';
import { WidgetError } from './widget-error.ts';

/**
 * POST /api/widget/sessions: trades a queue name for a token good for one call.
 * Every failure becomes a WidgetError whose code the status line can put in words.
 */
export async function createWidgetSession(server: string, request: WidgetSessionRequest): Promise<WidgetSessionResponse> {
  let response: Response;
  try {
    response = await fetch(new URL('/api/widget/sessions', server), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      // The token travels in the body; no cookie of the host page is ever needed.
      credentials: 'omit',
    });
  } catch (cause) {
    throw new WidgetError('unreachable', `POST ${server}/api/widget/sessions failed`, { cause });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const session = WidgetSessionResponse.safeParse(body);
    if (session.success) return session.data;
    throw new WidgetError('rejected', 'the server sent a malformed widget session', { cause: session.error });
  }
  const error = ApiError.safeParse((body as { error?: unknown } | undefined)?.error);
  const code = error.success ? error.data.code : undefined;
  const detail = error.success ? error.data.message : `HTTP ${response.status}`;
  if (code === 'not-found') {
    throw new WidgetError('unknown-queue', `queue "${request.queue}": ${detail}`);
  }
  if (code === 'rate-limited' || response.status === 429) throw new WidgetError('rate-limited', detail);
  if (code === 'unavailable' || response.status >= 500) throw new WidgetError('unreachable', detail);
  throw new WidgetError('rejected', detail);
}
