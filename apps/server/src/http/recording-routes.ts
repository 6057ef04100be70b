import { Readable } from 'node:stream';
import { Recording, type RecordingAgentAccess, RecordingAudioUrl, RecordingQuery } from '@cc/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TokenService } from '../auth/token-service.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import type { Queryable } from '../persistence/database.ts';
import type { RecordingCipher } from '../recordings/recording-cipher.ts';
import { RecordingUnreadableError } from '../recordings/recording-errors.ts';
import { type RecordingAudio, openRecordingAudio } from '../recordings/recording-reader.ts';
import { RecordingRepository, type StoredRecording } from '../recordings/recording-repository.ts';
import type { RecordingStore } from '../recordings/recording-store.ts';
import { UserRepository } from '../users/user-repository.ts';
import type { ApiRouter } from './api-router.ts';
import { type RequestUser, requestUser, requireRole } from './bearer-auth.ts';
import { parseByteRange } from './byte-range.ts';
import { IdParams } from './id-params.ts';
import { RecordingAudioUrls } from './recording-audio-url.ts';
import { validate } from './validate.ts';

export interface RecordingRouteDeps {
  store: RecordingStore;
  /** The key recordings are sealed with; null when none is configured. */
  cipher: RecordingCipher | null;
  /** RECORDINGS_AGENT_ACCESS. */
  agentAccess: RecordingAgentAccess;
  /** Signs audio URLs (the session secret; a key is derived from it). */
  urlSecret: string;
}

const tag = 'Recordings';
const everyone = ['agent', 'supervisor', 'admin'] as const;

/** The query of a signed audio URL (recording-audio-url.ts). */
const SignedAudioQuery = z.object({
  user: z.uuid(),
  expires: z.coerce.number().int().positive(),
  signature: z.string().min(1).max(100),
});

/**
 * /api/recordings: call recordings' metadata and audio. Admins may open any; supervisors
 * those of the calls their teams' share of the call history holds (or that they were on);
 * agents only those of calls they took part in, and only with RECORDINGS_AGENT_ACCESS=own.
 * Every read of audio is logged with who and which.
 */
export function registerRecordingRoutes(
  app: FastifyInstance,
  router: ApiRouter,
  db: Queryable,
  tokens: TokenService,
  deps: RecordingRouteDeps,
): void {
  const recordings = new RecordingRepository(db);
  const users = new UserRepository(db);
  const urls = new RecordingAudioUrls(deps.urlSecret);

  const mayOpen = async (user: RequestUser, recording: StoredRecording): Promise<boolean> => {
    switch (user.role) {
      case 'admin':
        return true;
      case 'supervisor':
        return recordings.supervisorMaySee(recording.id, user.userId);
      case 'agent':
        return deps.agentAccess === 'own' && recordings.tookPart(recording.id, user.userId);
    }
  };

  const openable = async (user: RequestUser, id: string): Promise<StoredRecording> => {
    if (user.role === 'agent' && deps.agentAccess === 'none') throw forbidden('Agents may not open recordings.');
    const recording = await recordings.get(id);
    if (!recording) throw notFound('The recording');
    if (!(await mayOpen(user, recording))) {
      throw forbidden(
        user.role === 'supervisor'
          ? 'You may open only recordings of calls in your teams’ share.'
          : 'You may open only recordings of calls you took part in.',
      );
    }
    return recording;
  };

  router.route(
    {
      method: 'GET',
      url: '/api/recordings',
      tag,
      summary: "A call's recordings",
      description:
        'Oldest first, with their hold and pause marks. Supervisors see those of calls in their teams’ share; agents (when allowed) ' +
        'only those of calls they took part in.',
      roles: everyone,
      query: RecordingQuery,
      response: z.array(Recording),
    },
    async ({ query, user }) => {
      if (user.role === 'agent' && deps.agentAccess === 'none') throw forbidden('Agents may not open recordings.');
      const found = await recordings.listByCall(query.callId);
      const visible: StoredRecording[] = [];
      for (const recording of found) if (await mayOpen(user, recording)) visible.push(recording);
      return visible;
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/api/recordings/:id',
      tag,
      summary: 'A recording',
      roles: everyone,
      params: IdParams,
      response: Recording,
      errors: [404],
    },
    async ({ params, user }) => openable(user, params.id),
  );
  router.route(
    {
      method: 'GET',
      url: '/api/recordings/:id/audio-url',
      tag,
      summary: "A playable URL for a recording's audio",
      description:
        'For an <audio> element, which cannot send an Authorization header: the URL opens this recording for this user only, ' +
        'for an hour; access is checked again on every request to it.',
      roles: everyone,
      params: IdParams,
      response: RecordingAudioUrl,
      errors: [404],
    },
    async ({ params, user }) => urls.sign((await openable(user, params.id)).id, user.userId),
  );

  const bearer = requireRole({ tokens, users }, ...everyone);
  /** The caller of the audio URL: signed in by its query's signature, or by a bearer token. */
  const audioCaller = async (request: FastifyRequest, recordingId: string): Promise<RequestUser & { via: string }> => {
    const query = request.query as Record<string, unknown>;
    if (query.signature === undefined) {
      await bearer(request);
      return { ...requestUser(request), via: 'bearer' };
    }
    const signed = validate(SignedAudioQuery, query);
    const userId = urls.verify(recordingId, signed);
    if (!userId) throw new AppError('unauthorized', 'This audio link is not valid or has expired. Open the recording again.');
    const user = await users.findById(userId);
    if (!user || user.disabled) throw new AppError('unauthorized', 'This account is no longer active.');
    return { userId: user.id, role: user.role, displayName: user.displayName, via: 'signed-url' };
  };

  app.route({
    method: 'GET',
    url: '/api/recordings/:id/audio',
    handler: async (request, reply) => {
      const { id } = validate(IdParams, request.params);
      const user = await audioCaller(request, id);
      const recording = await openable(user, id);
      const audio = await openAudio(deps, recording);
      try {
        const range = parseByteRange(request.headers.range, audio.wavBytes);
        request.log.info(
          { recordingId: id, callId: recording.callId, userId: user.userId, role: user.role, via: user.via, range: request.headers.range ?? null },
          'recording audio read',
        );
        return await sendAudio(reply, audio, recording.id, range);
      } catch (error) {
        await audio.close();
        throw error;
      }
    },
  });
  router.describe({
    method: 'GET',
    url: '/api/recordings/:id/audio',
    tag,
    summary: "A recording's audio (audio/wav)",
    description:
      '16-bit PCM WAV, stereo: the customer on the left, the agent side on the right, 16 kHz. Range requests ' +
      '(one range: bytes=a-b, bytes=a-, bytes=-n) are answered 206, unsatisfiable ones 416. Sign in with a bearer token, ' +
      'or use the signed URL from /api/recordings/:id/audio-url (its user, expires and signature parameters).',
    roles: [...everyone],
    params: IdParams,
    query: SignedAudioQuery.partial(),
    response: z.string().describe('audio/wav bytes'),
    errors: [404, 503],
  });
}

async function openAudio(deps: RecordingRouteDeps, recording: StoredRecording): Promise<RecordingAudio> {
  try {
    return await openRecordingAudio(deps.store, recording.storageKey, deps.cipher);
  } catch (error) {
    if (!(error instanceof RecordingUnreadableError)) throw error;
    switch (error.reason) {
      case 'not-found':
        throw new AppError('not-found', "The recording's audio is missing from storage.", { cause: error });
      case 'key-missing':
      case 'wrong-key':
        throw new AppError('unavailable', 'The recording is encrypted with a key this server does not have.', { cause: error });
      case 'corrupt':
        // Internal: logged with its cause by the error handler, as an integrity alarm.
        throw error;
    }
  }
}

/**
 * 200 with the whole WAV, 206 with one range, or 416. The first block is read before
 * the status is sent, so a file that fails at once (damaged, or its first chunk does not
 * authenticate) is an error answer, not a cut-off 200.
 */
async function sendAudio(
  reply: FastifyReply,
  audio: RecordingAudio,
  recordingId: string,
  range: ReturnType<typeof parseByteRange>,
): Promise<FastifyReply> {
  reply
    .header('accept-ranges', 'bytes')
    .header('content-type', 'audio/wav')
    .header('content-disposition', `inline; filename="recording-${recordingId}.wav"`)
    // Recordings hold personal data: no shared or lasting caches.
    .header('cache-control', 'private, no-store');
  if (range.kind === 'unsatisfiable') {
    await audio.close();
    return reply.status(416).header('content-range', `bytes */${audio.wavBytes}`).send();
  }
  const [start, end] = range.kind === 'range' ? [range.start, range.end] : [0, audio.wavBytes - 1];
  const blocks = audio.read(start, end + 1);
  const first = await blocks.next();
  const body = Readable.from(
    (async function* () {
      if (!first.done) yield first.value;
      yield* blocks;
    })(),
  );
  // Ended, failed, or dropped by the client before it was read: the file is let go.
  body.on('close', () => void audio.close());
  if (range.kind === 'range') reply.status(206).header('content-range', `bytes ${start}-${end}/${audio.wavBytes}`);
  return reply.header('content-length', String(end - start + 1)).send(body);
}
