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
  const id = (value: string) => encodeURIComponent(value);

  return {
    users: {
      list: () => request('GET', '/api/users', AdminUser.array()),
      create: (input: UserInput) => request('POST', '/api/users', AdminUser, input),
      update: (userId: string, patch: UserPatch) => request('PATCH', `/api/users/${id(userId)}`, AdminUser, patch),
      remove: (userId: string) => request('DELETE', `/api/users/${id(userId)}`, null),
    },
    teams: {
      list: () => request('GET', '/api/teams', Team.array()),
      create: (input: TeamInput) => request('POST', '/api/teams', Team, input),
      update: (teamId: string, patch: TeamPatch) => request('PATCH', `/api/teams/${id(teamId)}`, Team, patch),
      remove: (teamId: string) => request('DELETE', `/api/teams/${id(teamId)}`, null),
    },
    skills: {
      list: () => request('GET', '/api/skills', Skill.array()),
      create: (input: SkillInput) => request('POST', '/api/skills', Skill, input),
      update: (skillId: string, patch: Partial<SkillInput>) => request('PATCH', `/api/skills/${id(skillId)}`, Skill, patch),
      remove: (skillId: string) => request('DELETE', `/api/skills/${id(skillId)}`, null),
    },
    queues: {
      list: () => request('GET', '/api/queues', AdminQueue.array()),
      create: (input: QueueInput) => request('POST', '/api/queues', AdminQueue, input),
      update: (queueId: string, patch: QueuePatch) => request('PATCH', `/api/queues/${id(queueId)}`, AdminQueue, patch),
      remove: (queueId: string) => request('DELETE', `/api/queues/${id(queueId)}`, null),
    },
    phoneNumbers: {
      list: () => request('GET', '/api/phone-numbers', PhoneNumber.array()),
      create: (input: PhoneNumberCreate) => request('POST', '/api/phone-numbers', PhoneNumber, input),
      // A leading + must be escaped in a path (%2B), or it would read as a space.
      update: (number: string, patch: PhoneNumberPatch) => request('PATCH', `/api/phone-numbers/${id(number)}`, PhoneNumber, patch),
      remove: (number: string) => request('DELETE', `/api/phone-numbers/${id(number)}`, null),
    },
    trunks: {
      list: () => request('GET', '/api/trunks', SipTrunk.array()),
      create: (input: SipTrunkCreate) => request('POST', '/api/trunks', SipTrunk, input),
      update: (trunkId: string, patch: SipTrunkPatch) => request('PATCH', `/api/trunks/${id(trunkId)}`, SipTrunk, patch),
      remove: (trunkId: string) => request('DELETE', `/api/trunks/${id(trunkId)}`, null),
      status: (trunkId: string) => request('GET', `/api/trunks/${id(trunkId)}/status`, TrunkRegistrationStatus),
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
