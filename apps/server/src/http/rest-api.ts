import { LoginRequest, LoginResponse, type TrunkRegistrationStatus, WidgetSessionRequest, WidgetSessionResponse } from '@cc/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TokenService } from '../auth/token-service.ts';
import type { Database } from '../persistence/database.ts';
import { SkillRepository } from '../skills/skill-repository.ts';
import { UserAdministration } from '../users/user-administration.ts';
import { UserRepository } from '../users/user-repository.ts';
import { ApiRouter } from './api-router.ts';
import { registerCallRecordRoutes } from './call-record-routes.ts';
import { type LiveSource, registerLiveRoutes } from './live-routes.ts';
import { buildOpenApiDocument } from './openapi-document.ts';
import { registerPhoneNumberRoutes } from './phone-number-routes.ts';
import { registerQueueRoutes } from './queue-routes.ts';
import { type RecordingRouteDeps, registerRecordingRoutes } from './recording-routes.ts';
import { registerReportRoutes } from './report-routes.ts';
import { registerSkillRoutes } from './skill-routes.ts';
import { registerTeamRoutes } from './team-routes.ts';
import { registerTrunkRoutes } from './trunk-routes.ts';
import { registerUserRoutes } from './user-routes.ts';

export interface RestApiDeps {
  db: Database;
  tokens: TokenService;
  liveSource: LiveSource;
  /** The contact center's TIME_ZONE: where the live view's "today" begins. Default UTC. */
  timeZone?: string;
  /**
   * After a committed change to an agent's skills, queue memberships, role or disabled
   * flag (or their deletion), so the ACD can refresh them. Awaited; a throw becomes a
   * 500 for the request although the change is saved, so keep it from throwing.
   */
  onAgentProfileChanged?: (userId: string) => void | Promise<void>;
  /** After a committed change to a queue's settings, or its deletion. */
  onQueueChanged?: (queueId: string) => void | Promise<void>;
  /**
   * After a committed change to any SIP trunk or phone number (created, changed or
   * deleted), so the SIP gateway reloads them. Awaited, like the hooks above.
   */
  onTrunksChanged?: () => void | Promise<void>;
  /**
   * The SIP gateway's view of a trunk's registration, for GET /api/trunks/:id/status
   * (called only for a trunk that exists). Absent: ip trunks answer 'not-applicable'
   * and register trunks 'unregistered'.
   */
  trunkStatus?: (trunkId: string) => TrunkRegistrationStatus | Promise<TrunkRegistrationStatus>;
  /** Call recordings' storage, key and access rule. Absent: no /api/recordings routes. */
  recordings?: RecordingRouteDeps;
}

/**
 * The signed-in REST API (users, skills, teams, queues, SIP trunks and phone numbers,
 * call search, recordings, live view) and its OpenAPI document at GET /api/docs. Returns the
 * router, whose `routes` describe it all.
 */
export function registerRestApi(app: FastifyInstance, deps: RestApiDeps): ApiRouter {
  const users = new UserRepository(deps.db);
  const router = new ApiRouter(app, { tokens: deps.tokens, users });
  const hooks = { onAgentProfileChanged: deps.onAgentProfileChanged, onQueueChanged: deps.onQueueChanged };

  registerUserRoutes(router, new UserAdministration(deps.db, hooks));
  registerSkillRoutes(router, new SkillRepository(deps.db), hooks);
  registerTeamRoutes(router, deps.db);
  registerQueueRoutes(router, deps.db, hooks);
  registerTrunkRoutes(router, deps.db, { onTrunksChanged: deps.onTrunksChanged, trunkStatus: deps.trunkStatus });
  registerPhoneNumberRoutes(router, deps.db, { onTrunksChanged: deps.onTrunksChanged });
  registerCallRecordRoutes(router, deps.db);
  if (deps.recordings) registerRecordingRoutes(app, router, deps.db, deps.tokens, deps.recordings);
  registerLiveRoutes(router, deps.db, deps.liveSource, deps.timeZone);
  registerReportRoutes(router, deps.db);
  describePublicRoutes(router);

  app.get('/api/docs', async () => buildOpenApiDocument(router.routes, { title: 'Contact center API', version: '1' }));
  return router;
}

/** Routes registered in api-routes.ts, described here so the document lists every path. */
function describePublicRoutes(router: ApiRouter): void {
  router.describe({
    method: 'POST',
    url: '/api/auth/login',
    tag: 'Auth',
    summary: 'Sign in',
    description: 'Wrong username and wrong password read the same (401). Rate-limited per address and username.',
    roles: 'public',
    body: LoginRequest,
    response: LoginResponse,
    errors: [429],
  });
  router.describe({
    method: 'POST',
    url: '/api/widget/sessions',
    tag: 'Widget',
    summary: 'A customer token for one call',
    description: 'Any origin may call it (CORS).',
    roles: 'public',
    body: WidgetSessionRequest,
    response: WidgetSessionResponse,
    errors: [404],
  });
  router.describe({
    method: 'GET',
    url: '/api/health',
    tag: 'Health',
    summary: 'Liveness and load',
    roles: 'public',
    response: z.looseObject({ status: z.literal('ok') }),
  });
  router.describe({
    method: 'GET',
    url: '/api/docs',
    tag: 'Docs',
    summary: 'This OpenAPI 3.1 document',
    roles: 'public',
    response: z.looseObject({ openapi: z.string() }),
  });
}
