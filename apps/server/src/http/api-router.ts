import type { Role } from '@cc/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { TokenService } from '../auth/token-service.ts';
import type { UserRepository } from '../users/user-repository.ts';
import { type RequestUser, requestUser, requireRole } from './bearer-auth.ts';
import { validate } from './validate.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One REST endpoint, described once: the router registers it with Fastify (auth,
 * validation, response shaping) and the OpenAPI document is built from the same
 * description, so the docs cannot drift from what the server does.
 */
export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Fastify syntax: /api/users/:id */
  url: string;
  tag: string;
  summary: string;
  description?: string;
  /** Who may call it; 'public' needs no token. */
  roles: readonly Role[] | 'public';
  params?: P;
  query?: Q;
  body?: B;
  /** The success body; null for 204 No Content. */
  response: R | null;
  /** Success status: 200 by default, 201 for creations, 204 when `response` is null. */
  status?: 200 | 201 | 204;
  /** Error statuses this endpoint can answer besides 400/401/403 (documented). */
  errors?: ReadonlyArray<404 | 409 | 429 | 503>;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  user: RequestUser;
  request: FastifyRequest;
  reply: FastifyReply;
}

export class ApiRouter {
  private readonly specs: RouteSpec[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly auth: { tokens: TokenService; users: UserRepository },
  ) {}

  /** Every endpoint described so far, for the OpenAPI document. */
  get routes(): readonly RouteSpec[] {
    return this.specs;
  }

  /** A signed-in endpoint: auth, then params/query/body validated, then the handler. */
  route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
    spec: RouteSpec<P, Q, B, R> & { roles: readonly Role[] },
    /** May answer by itself in another format (a CSV download) and return the reply. */
    handler: (input: RouteInput<P, Q, B>) => Promise<(R extends z.ZodType ? z.input<R> : void) | FastifyReply>,
  ): void {
    this.specs.push(spec as unknown as RouteSpec);
    this.app.route({
      method: spec.method,
      url: spec.url,
      preHandler: requireRole(this.auth, ...spec.roles),
      handler: async (request, reply) => {
        const input = {
          params: (spec.params ? validate(spec.params, request.params) : undefined) as Out<P>,
          query: (spec.query ? validate(spec.query, request.query) : undefined) as Out<Q>,
          body: (spec.body ? validate(spec.body, request.body) : undefined) as Out<B>,
          user: requestUser(request),
          request,
          reply,
        };
        const result = await handler(input);
        if (result === reply) return reply;
        if (!spec.response) return reply.status(204).send();
        // Parsing the answer drops any field the contract does not name, so a record
        // with more in it (a password hash) cannot leak by accident.
        return reply.status(spec.status ?? 200).send(spec.response.parse(result));
      },
    });
  }

  /** Records an endpoint registered elsewhere (sign-in, widget sessions) for the docs. */
  describe(spec: RouteSpec): void {
    this.specs.push(spec);
  }
}
