import {
  AdminQueue,
  AdminUser,
  PhoneNumber,
  SipTrunk,
  Skill,
  Team,
  TrunkRegistrationStatus,
  type PhoneNumberCreate,
  type PhoneNumberPatch,
  type QueueInput,
  type QueuePatch,
  type SipTrunkCreate,
  type SipTrunkPatch,
  type SkillInput,
  type TeamInput,
  type TeamPatch,
  type UserInput,
  type UserPatch,
} from '@cc/shared';
import { ApiRequestError } from './api-request-error.ts';

/** What the client needs of a response schema: the shared zod schemas fit. */
interface ResponseSchema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false };
}

export interface ConfigApiOptions {
  token: string;
  /** Told when the server no longer accepts the token (expired, or the user was disabled). */
  onUnauthorized?: () => void;
  /** Where the API lives; '' for the page's own origin (the console is served by the server). */
  origin?: string;
}

/**
 * The configuration endpoints (apps/server/src/http/*-routes.ts), typed by the shared
 * contracts. Bodies are sent as the forms validated them; answers are parsed with the
 * shared schemas, so a mismatch shows up here rather than as undefined in a table.
 */
export function createConfigApi({ token, onUnauthorized, origin = '' }: ConfigApiOptions) {
  async function request<T>(method: string, path: string, schema: ResponseSchema<T> | null, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${origin}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiRequestError(0, 'unavailable', 'The server cannot be reached. Check your connection and try again.');
    }
    const text = await response.text();
    const json: unknown = text ? safeJson(text) : null;
    if (!response.ok) {
      if (response.status === 401) onUnauthorized?.();
      throw ApiRequestError.fromResponse(response.status, json);
    }
    if (schema === null) return undefined as T;
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ApiRequestError(response.status, 'internal', 'The server sent an answer this console does not understand.');
    return parsed.data;
  }
  // The key is escaped: a phone number's leading + would read as a space in a path (%2B).
  const keyed = (path: string, key: string) => `${path}/${encodeURIComponent(key)}`;
  /** List, create, change and delete at `path` and `path/:key`, answers parsed with `schema`. */
  function endpoints<T, Input, Patch>(path: string, schema: ResponseSchema<T> & { array(): ResponseSchema<T[]> }) {
    return {
      list: () => request('GET', path, schema.array()),
      create: (input: Input) => request('POST', path, schema, input),
      update: (key: string, patch: Patch) => request('PATCH', keyed(path, key), schema, patch),
      remove: (key: string) => request('DELETE', keyed(path, key), null),
    };
  }

  return {
    users: endpoints<AdminUser, UserInput, UserPatch>('/api/users', AdminUser),
    teams: endpoints<Team, TeamInput, TeamPatch>('/api/teams', Team),
    skills: endpoints<Skill, SkillInput, Partial<SkillInput>>('/api/skills', Skill),
    queues: endpoints<AdminQueue, QueueInput, QueuePatch>('/api/queues', AdminQueue),
    phoneNumbers: endpoints<PhoneNumber, PhoneNumberCreate, PhoneNumberPatch>('/api/phone-numbers', PhoneNumber),
    trunks: {
      ...endpoints<SipTrunk, SipTrunkCreate, SipTrunkPatch>('/api/trunks', SipTrunk),
      status: (trunkId: string) => request('GET', `${keyed('/api/trunks', trunkId)}/status`, TrunkRegistrationStatus),
    },
  };
}

export type ConfigApi = ReturnType<typeof createConfigApi>;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
