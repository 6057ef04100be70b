import { LiveSnapshot } from '@cc/shared';
import { scopeOf } from '../live/live-scope.ts';
import { type LiveSource, Wallboard } from '../live/wallboard.ts';
import type { Queryable } from '../persistence/database.ts';
import type { ApiRouter } from './api-router.ts';

export type { LiveSource } from '../live/wallboard.ts';

/**
 * GET /api/live: the wallboard snapshot (the console watches it over socket.io instead:
 * live:watch). Supervisors see only their teams' agents and those agents' calls.
 */
export function registerLiveRoutes(router: ApiRouter, db: Queryable, source: LiveSource, timeZone = 'UTC', now: () => Date = () => new Date()): void {
  const wallboard = new Wallboard(db, source, timeZone, now);
  router.route(
    {
      method: 'GET',
      url: '/api/live',
      tag: 'Live',
      summary: 'Queues, agents and calls right now, and today so far',
      description:
        "Supervisors see the agents of the teams they supervise and their calls, every waiting call, and every queue. Today's figures count inbound calls since midnight in the contact center's TIME_ZONE.",
      roles: ['supervisor', 'admin'],
      response: LiveSnapshot,
    },
    async ({ user }) => wallboard.snapshot(await scopeOf(db, user)),
  );
}
