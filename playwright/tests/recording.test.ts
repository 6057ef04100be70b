import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Recording } from '@cc/shared';
import { launchChromium } from '../support/browser.ts';
import { answeredWidgetCall } from '../support/pages.ts';
import { measureTone, peak, readStereoWav, slice } from '../support/recorded-tone.ts';
import { RestClient } from '../support/rest-client.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

/**
 * A widget call on `support` (the demo queue records all calls): the recording is taken
 * from the SFU by the server, customer left and agent right; a hold is marked and the
 * audio goes on; a pause (card numbers) is silence in both channels, marked with who
 * paused it; the stored file matches its checksum; playback supports ranges.
 */
const CUSTOMER_TONE_HZ = 440;
const AGENT_TONE_HZ = 1000;
let server: ServerProcess;
let customerBrowser: Browser;
let agentBrowser: Browser;

before(async () => {
  [server, customerBrowser, agentBrowser] = await Promise.all([
    startServerProcess({ WRAP_UP_MS: '0' }),
    launchChromium(CUSTOMER_TONE_HZ),
    launchChromium(AGENT_TONE_HZ),
  ]);
});
after(async () => {
  await customerBrowser?.close();
  await agentBrowser?.close();
  await server?.stop();
});

test('dual-channel recording with a hold mark and a silent, attributed pause', async () => {
  const { agent, customer } = await answeredWidgetCall({ agent: agentBrowser, customer: customerBrowser }, server.url);
  await agent.getByRole('status').filter({ hasText: 'Recording' }).waitFor();

  await agent.waitForTimeout(2000);
  await agent.getByRole('button', { name: 'Hold' }).click();
  await agent.getByRole('button', { name: 'Resume', pressed: true }).waitFor();
  await agent.waitForTimeout(1500);
  await agent.getByRole('button', { name: 'Resume' }).click();
  await agent.waitForTimeout(1500);
  await agent.getByRole('button', { name: 'Pause recording' }).click();
  await agent.getByRole('status').filter({ hasText: 'Recording paused' }).waitFor();
  await agent.waitForTimeout(2000);
  // The keyboard resumes it: Alt+R.
  await agent.keyboard.press('Alt+r');
  await agent.getByRole('button', { name: 'Pause recording' }).waitFor();
  await agent.waitForTimeout(1500);
  await agent.getByRole('button', { name: 'Hang up' }).click();
  await customer.getByRole('status').getByText(/call ended/i).waitFor();

  const { rows } = await server.db.query(`select id, answered_at, ended_at from calls order by offered_at desc limit 1`);
  const call = rows[0] as { id: string; answered_at: Date; ended_at: Date };
  const { rows: users } = await server.db.query(`select id from users where username = 'alice'`);
  const sara = await RestClient.signIn(server.url, 'sara');
  let recording: Recording | undefined;
  for (let i = 0; i < 50 && recording?.state !== 'complete'; i++) {
    [recording] = await sara.get<Recording[]>(`/api/recordings?callId=${call.id}`);
    if (recording?.state !== 'complete') await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(recording && recording.state === 'complete', JSON.stringify(recording));
  assert.deepEqual(recording.agentIds, [users[0].id]);

  // Duration: from the answer to the end of the call (the recorder starts on the answer).
  const callMs = new Date(call.ended_at).getTime() - new Date(call.answered_at).getTime();
  console.log(`recording ${recording.durationMs} ms for a call answered ${callMs} ms`);
  assert.ok(Math.abs(recording.durationMs! - callMs) < 1500, `duration ${recording.durationMs} ms vs call ${callMs} ms`);

  // The marks: one hold of about 1.5 s, one pause of about 2 s, by Alice.
  const hold = recording.marks.find((m) => m.kind === 'hold');
  const pause = recording.marks.find((m) => m.kind === 'pause');
  assert.ok(hold && hold.endMs !== null && Math.abs(hold.endMs - hold.startMs - 1500) < 700, JSON.stringify(recording.marks));
  assert.ok(pause && pause.endMs !== null && Math.abs(pause.endMs - pause.startMs - 2000) < 700, JSON.stringify(recording.marks));
  assert.equal(pause.byUserId, users[0].id);

  // The stored file is what the checksum says.
  const file = readdirSync(join(server.dataDir, 'recordings'), { recursive: true, encoding: 'utf8' }).find((f) =>
    f.endsWith(`${recording!.id}.wav`),
  );
  assert.ok(file);
  const stored = readFileSync(join(server.dataDir, 'recordings', file));
  assert.equal(createHash('sha256').update(stored).digest('hex'), recording.sha256);
  assert.equal(stored.length, recording.bytes);

  // Playback: the whole file, and a range of it.
  const audio = await sara.bytes(`/api/recordings/${recording.id}/audio`);
  assert.equal(audio.status, 200);
  assert.equal(audio.headers.get('accept-ranges'), 'bytes');
  const ranged = await sara.bytes(`/api/recordings/${recording.id}/audio`, { range: 'bytes=44-1043' });
  assert.equal(ranged.status, 206);
  assert.equal(ranged.body.length, 1000);
  assert.deepEqual(ranged.body, audio.body.subarray(44, 1044));

  const { left, right, headerDataBytes } = readStereoWav(audio.body);
  assert.equal(headerDataBytes, audio.body.length - 44);
  assert.equal(left.sampleRate, recording.sampleRate);
  assert.ok(Math.abs((left.samples.length / left.sampleRate) * 1000 - recording.durationMs!) < 50);

  // Before the hold: customer left, agent right, each only their own.
  const talk = { from: 500, to: hold.startMs - 200 };
  const customerSide = measureTone(slice(left, talk.from, talk.to));
  const agentSide = measureTone(slice(right, talk.from, talk.to));
  console.log(`left ${customerSide.hz} Hz rms ${customerSide.rms.toFixed(3)}, right ${agentSide.hz} Hz rms ${agentSide.rms.toFixed(3)}`);
  assert.ok(Math.abs(customerSide.hz - CUSTOMER_TONE_HZ) < 25, `left is the customer: ${customerSide.hz} Hz`);
  assert.ok(Math.abs(agentSide.hz - AGENT_TONE_HZ) < 25, `right is the agent: ${agentSide.hz} Hz`);

  // The hold is marked, not dropped: the customer's line is still recorded in it.
  const held = measureTone(slice(left, hold.startMs + 200, hold.endMs! - 200));
  assert.ok(Math.abs(held.hz - CUSTOMER_TONE_HZ) < 25 && held.rms > 0.01, `audio goes on in the hold: ${JSON.stringify(held)}`);

  // The pause is silence on both channels.
  const pausedLeft = peak(slice(left, pause.startMs + 60, pause.endMs! - 60));
  const pausedRight = peak(slice(right, pause.startMs + 60, pause.endMs! - 60));
  assert.equal(pausedLeft, 0, 'the paused span is silent (customer)');
  assert.equal(pausedRight, 0, 'the paused span is silent (agent)');
  // And the recording is back after it.
  const after = measureTone(slice(left, pause.endMs! + 300, recording.durationMs! - 300));
  assert.ok(Math.abs(after.hz - CUSTOMER_TONE_HZ) < 25, `recording resumed: ${after.hz} Hz`);

  const events = (await server.db.query(`select type from call_events where call_id = $1 order by id`, [call.id])).rows.map((r) => r.type);
  assert.ok(events.includes('recording-paused') && events.includes('recording-resumed'), events.join(','));
  await agent.context().close();
  await customer.context().close();
});
