import { ApiError } from '@cc/shared';
import { z } from 'zod';
import type { RouteSpec } from './api-router.ts';

const ErrorBody = z.object({ error: ApiError });

const errorDescriptions: Record<number, string> = {
  400: 'The request is malformed; the message names the fields.',
  401: 'No token, or a token that is forged, expired or of a disabled account.',
  403: 'Signed in, but this role (or a customer token) may not do this.',
  404: 'No such resource.',
  409: 'Conflicts with existing data (a duplicate name or number, history that must be kept, or something that still points here).',
  429: 'Too many attempts; wait and retry.',
  503: 'Not available right now.',
};

type JsonSchema = Record<string, unknown>;

/** zod → JSON Schema (2020-12, which OpenAPI 3.1 uses), as the client sends it or as the server answers. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** `:id` → `{id}` */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

function operation(spec: RouteSpec) {
  const roles = spec.roles === 'public' ? null : spec.roles;
  const isPublic = roles === null;
  const status = spec.response ? (spec.status ?? 200) : 204;
  const errorStatuses = [400, ...(isPublic ? [] : [401, 403]), ...(spec.errors ?? [])];
  const who = roles ? `Roles: ${roles.join(', ')}.` : 'Public: no token.';
  return {
    tags: [spec.tag],
    summary: spec.summary,
    description: [who, spec.description].filter(Boolean).join(' '),
    operationId: `${spec.method.toLowerCase()}${openApiPath(spec.url).replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string = '') => c.toUpperCase())}`,
    security: isPublic ? [] : [{ bearerAuth: [] }],
    'x-roles': roles ? [...roles] : [],
    parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
    ...(spec.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } }
      : {}),
    responses: {
      [status]: spec.response
        ? { description: 'Success.', content: { 'application/json': { schema: jsonSchema(spec.response, 'output') } } }
        : { description: 'Done; no body.' },
      ...Object.fromEntries(
        errorStatuses.map((code) => [
          code,
          { description: errorDescriptions[code] ?? 'Error.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
    },
  };
}

/** The OpenAPI 3.1 document for every described route, built from their zod schemas. */
export function buildOpenApiDocument(routes: readonly RouteSpec[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const path = (paths[openApiPath(spec.url)] ??= {});
    path[spec.method.toLowerCase()] = operation(spec);
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        'Contact-center REST API. Sign in with POST /api/auth/login and send the token as `Authorization: Bearer <token>`. ' +
        'Errors are `{ "error": { "code", "message" } }`.',
    },
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: jsonSchema(ErrorBody, 'output') },
    },
  };
}
