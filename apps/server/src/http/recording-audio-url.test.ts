import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecordingAudioUrls } from './recording-audio-url.ts';

const recordingId = '7f1c2a52-3c1e-4d8e-9a51-0d7e2b7d9c11';
const userId = '0b8e4a1e-6a43-4f55-b0e4-2a9c8f1d3e77';
const paramsOf = (url: string) => {
  const q = new URL(url, 'http://x').searchParams;
  return { user: q.get('user')!, expires: Number(q.get('expires')), signature: q.get('signature')! };
};

test('a signed URL names its user until it expires, and only for its recording and secret', () => {
  let now = Date.parse('2026-11-25T10:00:00Z');
  const urls = new RecordingAudioUrls('a-session-secret-of-some-length-0123456789', 60_000, () => now);
  const signed = urls.sign(recordingId, userId);
  assert.equal(signed.expiresAt, '2026-11-25T10:01:00.000Z');
  const params = paramsOf(signed.url);
  assert.equal(urls.verify(recordingId, params), userId);
  assert.equal(urls.verify('00000000-0000-4000-8000-000000000000', params), null);
  assert.equal(urls.verify(recordingId, { ...params, expires: params.expires + 3600 }), null, 'a later expiry is not signed');
  assert.equal(new RecordingAudioUrls('another-session-secret-0123456789abcdef').verify(recordingId, params), null);
  now += 60_000;
  assert.equal(urls.verify(recordingId, params), null, 'expired');
});
