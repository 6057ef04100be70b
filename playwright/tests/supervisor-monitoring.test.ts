import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { dominantFrequency, toneLevels, waitForAudio } from '../support/audio-probe.ts';
import { BaresipPhone } from '../support/baresip-phone.ts';
import { launchChromium } from '../support/browser.ts';
import { answeredWidgetCall, openPage, plugInMicrophone, signInAvailable, withoutMicrophone } from '../support/pages.ts';
import { measureTone, readWav, recordedToneLevels, slice } from '../support/recorded-tone.ts';
import { sipGatewayPort, startServerProcess, type ServerProcess } from '../support/server-process.ts';

/**
 * Supervisor actions from the console's Live calls page (issue #6), heard where each
 * person hears: a tone per party (customer 440 Hz, Alice the agent 1000 Hz, Sara the
 * supervisor 1500 Hz), measured in each browser's remote-audio element and, for a phone
 * customer, in what baresip recorded. Listen: Sara hears both, nobody hears her.
 * Whisper: Alice hears her, the customer does not. Barge: both do (a phone hears the
 * server's mix). Take over: Alice leaves, the customer hears Sara only, Sara hangs up.
 * That an agent may not monitor is tested over sockets in apps/server/test/supervision.test.ts.
 */
const CUSTOMER_TONE_HZ = 440;
const AGENT_TONE_HZ = 1000;
const SUPERVISOR_TONE_HZ = 1500;
/** The notes of the music on hold (apps/server/assets): C5, E5, G5. */
const MUSIC_NOTES_HZ = [523, 659, 784];
/** Relative to the loudest frequency: heard within 20 dB of it, absent 35 dB below it. */
const heard = (db: number) => db > -20;
/**
 * A browser's tone beside the phone's: Chrome's audio processing (noise suppression takes
 * a steady sine for noise) sends it about 20 dB quieter than baresip's raw file, so a
 * browser party in the same ear as the phone counts as heard within 30 dB of it.
 */
const heardBesidePhone = (db: number) => db > -30;
const absent = (db: number) => db < -35;
const fmt = (levels: number[]) => levels.map((db) => (Number.isFinite(db) ? db.toFixed(0) : '-inf')).join('/');
/** Audio settles this long after a switch (the server's reroute, jitter buffers) before it is measured. */
const SETTLE_MS = 1000;

let server: ServerProcess;
let customerBrowser: Browser;
let agentBrowser: Browser;
let supervisorBrowser: Browser;
let sipPort: number;
const metrics: string[] = [];
const metric = (line: string) => metrics.push(`metric ${line}`);

before(async () => {
  [server, customerBrowser, agentBrowser, supervisorBrowser] = await Promise.all([
    startServerProcess({
      WRAP_UP_MS: '0',
      SIP_ENABLED: 'true',
      SIP_PORT: '0',
      // The gateway's port is read from its info-level log line.
      LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? 'info',
    }),
    launchChromium(CUSTOMER_TONE_HZ),
    launchChromium(AGENT_TONE_HZ),
    launchChromium(SUPERVISOR_TONE_HZ),
  ]);
  sipPort = await sipGatewayPort(server);
});
after(async () => {
  for (const line of metrics) console.log(line);
  await Promise.all([customerBrowser?.close(), agentBrowser?.close(), supervisorBrowser?.close()]);
  await server?.stop();
});

/** Sara on the console's Live calls page (on a machine with no microphone if `microphone` is false). */
async function openConsole(microphone = true): Promise<Page> {
  const sara = await openPage(supervisorBrowser, `${server.url}/admin/`, microphone ? undefined : withoutMicrophone);
  await sara.getByLabel('Username').fill('sara');
  await sara.getByLabel('Password').fill('demo');
  await sara.getByRole('button', { name: 'Sign in' }).click();
  await sara.getByRole('button', { name: 'Live calls' }).click();
  await sara.getByRole('heading', { name: 'Live calls' }).waitFor();
  return sara;
}

const callRow = (sara: Page, name: RegExp) => sara.getByRole('table', { name: 'Calls in progress' }).getByRole('row', { name });

/** Presses a mode's button in the call's row and waits until the server has confirmed it. */
async function choose(sara: Page, row: Locator, mode: 'Listen' | 'Whisper' | 'Barge', by: 'mouse' | 'keyboard' = 'mouse'): Promise<number> {
  const button = row.getByRole('button', { name: mode, exact: true });
  if (by === 'keyboard') {
    await button.focus();
    await sara.keyboard.press('Enter');
  } else await button.click();
  await row.getByRole('button', { name: mode, exact: true, pressed: true }).waitFor();
  await sara.getByRole('region', { name: 'Monitoring' }).getByRole('status').getByText(new RegExp(`^${mode}:`)).waitFor();
  return Date.now();
}

/** Takes the call over from its row (once cancelled, then confirmed); Alice's desktop says so. Returns when the panel shows it. */
async function takeOver(sara: Page, row: Locator, alice: Page): Promise<number> {
  // It asks first; Escape (or Cancel) keeps Alice on the call and gives Take over the focus back.
  await row.getByRole('button', { name: 'Take over' }).click();
  const confirm = row.getByRole('group', { name: 'Confirm take over' });
  await confirm.getByText('Alice Martin leaves; the customer stays with you.').waitFor();
  await sara.waitForFunction(() => document.activeElement?.textContent === 'Yes, take over');
  await sara.keyboard.press('Escape');
  await sara.waitForFunction(() => document.activeElement?.textContent === 'Take over');
  assert.equal(await confirm.count(), 0);
  await row.getByRole('button', { name: 'Take over' }).click();
  await confirm.getByRole('button', { name: 'Yes, take over' }).click();
  const panel = sara.getByRole('region', { name: 'Monitoring' });
  await panel.getByText('You took this call over: the customer hears you, and Alice Martin has left.').waitFor();
  await alice.getByText('A supervisor took over the call.').waitFor();
  // The keyboard lands on the call's new main control.
  await sara.waitForFunction(() => document.activeElement?.textContent === 'Hang up');
  return Date.now();
}

/** The call's supervisor event rows (type and who), and who ended it, once its end is written. */
async function supervisorEvents(callId: string): Promise<{ rows: Array<{ type: string; by: string | null }>; endedBy: string | null }> {
  for (let i = 0; i < 50; i++) {
    const { rows } = await server.db.query<{ type: string; by: string | null; agent_id: string | null }>(
      `select type, data->>'by' as by, agent_id from call_events where call_id = $1 order by id`,
      [callId],
    );
    const ended = rows.find((r) => r.type === 'ended');
    if (ended) {
      return {
        rows: rows.filter((r) => r.type.startsWith('monitor-') || r.type === 'taken-over').map(({ type, by }) => ({ type, by })),
        endedBy: ended.agent_id,
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`call ${callId} has no 'ended' event`);
}

async function assertEventLog(callId: string): Promise<void> {
  const { rows } = await server.db.query<{ id: string }>(`select id from users where username = 'sara'`);
  const saraId = rows[0]!.id;
  const events = await supervisorEvents(callId);
  assert.deepEqual(
    events.rows,
    ['monitor-listen', 'monitor-whisper', 'monitor-barge', 'taken-over'].map((type) => ({ type, by: saraId })),
  );
  assert.equal(events.endedBy, saraId, 'the call ended with Sara as its agent');
}

async function latestCallId(): Promise<string> {
  const { rows } = await server.db.query<{ id: string }>(`select id from calls order by offered_at desc limit 1`);
  return rows[0]!.id;
}

describe('supervisor Listen, Whisper, Barge and Take over from the console', () => {
  test('with a widget customer: each mode is heard by exactly the right people', { timeout: 90_000 }, async () => {
    const { agent: alice, customer } = await answeredWidgetCall({ agent: agentBrowser, customer: customerBrowser }, server.url);
    const callId = await latestCallId();

    const sara = await openConsole();
    const row = callRow(sara, /Alice Martin/);
    await row.getByText('Talking').waitFor();
    for (const name of ['Listen', 'Whisper', 'Barge']) {
      assert.equal(await row.getByRole('button', { name, exact: true }).getAttribute('aria-pressed'), 'false');
    }

    // Listen: Sara hears the customer and Alice; neither hears Sara.
    await choose(sara, row, 'Listen');
    await waitForAudio(sara);
    await sara.waitForTimeout(SETTLE_MS);
    const [saraListen, customerListen, aliceListen] = await Promise.all([
      toneLevels(sara, [CUSTOMER_TONE_HZ, AGENT_TONE_HZ]),
      toneLevels(customer, [AGENT_TONE_HZ, SUPERVISOR_TONE_HZ]),
      toneLevels(alice, [CUSTOMER_TONE_HZ, SUPERVISOR_TONE_HZ]),
    ]);
    metric(`web listen (dB below the peak): sara 440/1000 ${fmt(saraListen)}, customer 1000/1500 ${fmt(customerListen)}, alice 440/1500 ${fmt(aliceListen)}`);
    assert.ok(saraListen.every(heard), `Sara hears the customer and Alice: ${fmt(saraListen)}`);
    assert.ok(heard(customerListen[0]!) && absent(customerListen[1]!), `the customer hears Alice, not Sara: ${fmt(customerListen)}`);
    assert.ok(heard(aliceListen[0]!) && absent(aliceListen[1]!), `Alice hears the customer, not Sara: ${fmt(aliceListen)}`);

    // Whisper: Alice hears Sara, the customer still does not.
    await choose(sara, row, 'Whisper');
    assert.equal(await row.getByRole('button', { name: 'Listen' }).getAttribute('aria-pressed'), 'false');
    await sara.waitForTimeout(SETTLE_MS);
    const [customerWhisper, aliceWhisper] = await Promise.all([
      toneLevels(customer, [AGENT_TONE_HZ, SUPERVISOR_TONE_HZ]),
      toneLevels(alice, [CUSTOMER_TONE_HZ, SUPERVISOR_TONE_HZ]),
    ]);
    metric(`web whisper: customer 1000/1500 ${fmt(customerWhisper)}, alice 440/1500 ${fmt(aliceWhisper)}`);
    assert.ok(aliceWhisper.every(heard), `Alice hears the customer and Sara: ${fmt(aliceWhisper)}`);
    assert.ok(heard(customerWhisper[0]!) && absent(customerWhisper[1]!), `the customer does not hear Sara: ${fmt(customerWhisper)}`);

    // Barge (from the keyboard): both hear Sara.
    await choose(sara, row, 'Barge', 'keyboard');
    await sara.waitForTimeout(SETTLE_MS);
    const [customerBarge, aliceBarge, saraBarge] = await Promise.all([
      toneLevels(customer, [AGENT_TONE_HZ, SUPERVISOR_TONE_HZ]),
      toneLevels(alice, [CUSTOMER_TONE_HZ, SUPERVISOR_TONE_HZ]),
      toneLevels(sara, [CUSTOMER_TONE_HZ, AGENT_TONE_HZ]),
    ]);
    metric(`web barge: customer 1000/1500 ${fmt(customerBarge)}, alice 440/1500 ${fmt(aliceBarge)}, sara 440/1000 ${fmt(saraBarge)}`);
    assert.ok(customerBarge.every(heard), `the customer hears Alice and Sara: ${fmt(customerBarge)}`);
    assert.ok(aliceBarge.every(heard), `Alice hears the customer and Sara: ${fmt(aliceBarge)}`);
    assert.ok(saraBarge.every(heard), `Sara still hears both: ${fmt(saraBarge)}`);

    // Take over: Alice is gone; the customer hears Sara alone, and Sara the customer.
    await takeOver(sara, row, alice);
    await customer.getByRole('status').getByText(/connected to sara/i).waitFor();
    await sara.waitForTimeout(SETTLE_MS);
    const [customerTaken, saraTaken] = await Promise.all([
      toneLevels(customer, [SUPERVISOR_TONE_HZ, AGENT_TONE_HZ]),
      toneLevels(sara, [CUSTOMER_TONE_HZ, AGENT_TONE_HZ]),
    ]);
    metric(`web taken over: customer 1500/1000 ${fmt(customerTaken)}, sara 440/1000 ${fmt(saraTaken)}`);
    assert.ok(heard(customerTaken[0]!) && absent(customerTaken[1]!), `the customer hears Sara, not Alice: ${fmt(customerTaken)}`);
    assert.ok(heard(saraTaken[0]!) && absent(saraTaken[1]!), `Sara hears the customer, not Alice: ${fmt(saraTaken)}`);

    // Sara holds the customer as an agent would: music for them, nothing for her; then resumes.
    const panel = sara.getByRole('region', { name: 'Monitoring' });
    await panel.getByRole('button', { name: 'Hold' }).click();
    await panel.getByRole('button', { name: 'Resume', pressed: true }).waitFor();
    await panel.getByText('The customer is on hold.', { exact: false }).waitFor();
    await sara.waitForTimeout(SETTLE_MS);
    const [customerHeld, saraHeld] = await Promise.all([dominantFrequency(customer), dominantFrequency(sara)]);
    metric(`web taken over, on hold: customer ${customerHeld.hz} Hz rms ${customerHeld.rms.toFixed(3)}, sara rms ${saraHeld.rms.toFixed(4)}`);
    assert.ok(MUSIC_NOTES_HZ.some((note) => Math.abs(customerHeld.hz - note) <= 25) && customerHeld.rms > 0.01, `the customer hears music: ${customerHeld.hz} Hz`);
    assert.ok(saraHeld.rms < 0.005, `Sara hears nothing: rms ${saraHeld.rms}`);
    await panel.getByRole('button', { name: 'Resume' }).click();
    await panel.getByRole('button', { name: 'Hold', pressed: false }).waitFor();
    await sara.waitForTimeout(SETTLE_MS);
    const customerResumed = await toneLevels(customer, [SUPERVISOR_TONE_HZ]);
    assert.ok(heard(customerResumed[0]!), `the customer hears Sara again: ${fmt(customerResumed)}`);

    // Sara hangs up from the keyboard.
    await panel.getByRole('button', { name: 'Hang up' }).focus();
    await sara.keyboard.press('Enter');
    await customer.getByRole('status').getByText(/call ended/i).waitFor();
    await sara.getByRole('status').getByText('Monitoring ended: you ended the call.').waitFor();
    assert.equal(await sara.getByRole('region', { name: 'Monitoring' }).count(), 0);
    await assertEventLog(callId);
    for (const page of [alice, customer, sara]) await page.context().close();
  });

  test('with a phone customer: baresip hears the mix in Barge and Sara alone after the take over', { timeout: 90_000 }, async () => {
    const phone = await BaresipPhone.start({ number: '4930111222', toneHz: CUSTOMER_TONE_HZ, codec: 'PCMU' });
    const alice = await openPage(agentBrowser, `${server.url}/agent/`);
    try {
      await signInAvailable(alice, 'alice');
      await phone.dial(`sip:1000@127.0.0.1:${sipPort}`);
      await alice.getByRole('button', { name: 'Answer' }).click({ timeout: 10_000 });
      await Promise.all([phone.waitFor('CALL_ESTABLISHED'), waitForAudio(alice)]);
      const callId = await latestCallId();

      const sara = await openConsole();
      const row = callRow(sara, /4930111222/);
      await row.getByText('Talking').waitFor();
      // Each mode lasts SEGMENT_MS so the phone's recording has a stretch of each.
      const SEGMENT_MS = 3000;
      const marks: Record<string, number> = {};
      const holdUntil = (name: string) => sara.waitForTimeout(Math.max(0, marks[name]! + SEGMENT_MS - Date.now()));

      marks.listen = await choose(sara, row, 'Listen');
      await waitForAudio(sara);
      await sara.waitForTimeout(SETTLE_MS);
      const [saraListen, aliceListen] = await Promise.all([
        toneLevels(sara, [CUSTOMER_TONE_HZ, AGENT_TONE_HZ]),
        toneLevels(alice, [CUSTOMER_TONE_HZ, SUPERVISOR_TONE_HZ]),
      ]);
      metric(`phone listen: sara 440/1000 ${fmt(saraListen)}, alice 440/1500 ${fmt(aliceListen)}`);
      assert.ok(heard(saraListen[0]!) && heardBesidePhone(saraListen[1]!), `Sara hears the phone and Alice: ${fmt(saraListen)}`);
      assert.ok(heard(aliceListen[0]!) && absent(aliceListen[1]!), `Alice hears the phone, not Sara: ${fmt(aliceListen)}`);
      await holdUntil('listen');

      marks.whisper = await choose(sara, row, 'Whisper');
      await sara.waitForTimeout(SETTLE_MS);
      const aliceWhisper = await toneLevels(alice, [CUSTOMER_TONE_HZ, SUPERVISOR_TONE_HZ]);
      metric(`phone whisper: alice 440/1500 ${fmt(aliceWhisper)}`);
      assert.ok(heard(aliceWhisper[0]!) && heardBesidePhone(aliceWhisper[1]!), `Alice hears the phone and Sara: ${fmt(aliceWhisper)}`);
      await holdUntil('whisper');

      marks.barge = await choose(sara, row, 'Barge');
      await holdUntil('barge');

      marks.takeOver = await takeOver(sara, row, alice);
      await sara.waitForTimeout(SETTLE_MS);
      const saraTaken = await toneLevels(sara, [CUSTOMER_TONE_HZ, AGENT_TONE_HZ]);
      metric(`phone taken over: sara 440/1000 ${fmt(saraTaken)}`);
      assert.ok(heard(saraTaken[0]!) && absent(saraTaken[1]!), `Sara hears the phone, not Alice: ${fmt(saraTaken)}`);
      await holdUntil('takeOver');

      await sara.getByRole('region', { name: 'Monitoring' }).getByRole('button', { name: 'Hang up' }).click();
      const closed = await phone.waitFor('CALL_CLOSED');
      await phone.stop();

      // The recording runs from the phone's first audio to the hang-up: place each mode in it.
      const heardByPhone = readWav(phone.receivedAudioFile());
      const recordingStart = closed.at - (heardByPhone.samples.length / heardByPhone.sampleRate) * 1000;
      const established = (await phone.waitFor('CALL_ESTABLISHED')).at;
      metric(`phone recording starts ${Math.round(recordingStart - established)} ms after the call was established`);
      const segment = (name: string) =>
        recordedToneLevels(slice(heardByPhone, marks[name]! - recordingStart + 600, marks[name]! - recordingStart + SEGMENT_MS - 300), [
          AGENT_TONE_HZ,
          SUPERVISOR_TONE_HZ,
        ]);
      const levels = { listen: segment('listen'), whisper: segment('whisper'), barge: segment('barge'), takeOver: segment('takeOver') };
      const listenTone = measureTone(slice(heardByPhone, marks.listen! - recordingStart + 600, marks.listen! - recordingStart + SEGMENT_MS - 300));
      metric(`phone hears Alice in Listen: ${listenTone.hz} Hz at rms ${listenTone.rms.toFixed(3)} (the phone's own tone file: 0.354)`);
      metric(
        `phone's recording 1000/1500: listen ${fmt(levels.listen)}, whisper ${fmt(levels.whisper)}, barge ${fmt(levels.barge)}, taken over ${fmt(levels.takeOver)}`,
      );
      assert.ok(heard(levels.listen[0]!) && absent(levels.listen[1]!), `in Listen the phone hears Alice only: ${fmt(levels.listen)}`);
      assert.ok(heard(levels.whisper[0]!) && absent(levels.whisper[1]!), `in Whisper the phone hears Alice only: ${fmt(levels.whisper)}`);
      assert.ok(levels.barge.every(heard), `in Barge the phone hears the mix of Alice and Sara: ${fmt(levels.barge)}`);
      assert.ok(absent(levels.takeOver[0]!) && heard(levels.takeOver[1]!), `after the take over the phone hears Sara only: ${fmt(levels.takeOver)}`);

      await assertEventLog(callId);
      await sara.context().close();
    } catch (error) {
      console.error(`baresip said:\n${phone.log()}`);
      throw error;
    } finally {
      await phone.stop();
      phone.remove();
      await alice.context().close();
    }
  });
  test('without a microphone Sara still listens; Whisper asks for one and sends it once plugged in', { timeout: 90_000 }, async () => {
    const { agent: alice, customer } = await answeredWidgetCall({ agent: agentBrowser, customer: customerBrowser }, server.url);

    const sara = await openConsole(false);
    const row = callRow(sara, /Alice Martin/);
    await row.getByText('Talking').waitFor();
    const panel = sara.getByRole('region', { name: 'Monitoring' });
    await choose(sara, row, 'Listen');
    await panel.getByText(/^You are listening without a microphone: Whisper, Barge and Take over need one\. No microphone was found/).waitFor();
    await waitForAudio(sara);
    await sara.waitForTimeout(SETTLE_MS);
    const saraListen = await toneLevels(sara, [CUSTOMER_TONE_HZ, AGENT_TONE_HZ]);
    metric(`listen without a microphone: sara 440/1000 ${fmt(saraListen)}`);
    assert.ok(saraListen.every(heard), `Sara hears the customer and Alice: ${fmt(saraListen)}`);

    // Still none: Whisper is refused in words and Sara keeps listening.
    await row.getByRole('button', { name: 'Whisper', exact: true }).click();
    await panel.getByRole('alert').getByText('Whisper needs a microphone. No microphone was found. Connect a microphone and try again.').waitFor();
    assert.equal(await row.getByRole('button', { name: 'Listen', exact: true }).getAttribute('aria-pressed'), 'true');

    // Plugged in: Whisper sends it; Alice hears Sara, the customer does not.
    await plugInMicrophone(sara);
    await choose(sara, row, 'Whisper');
    assert.equal(await panel.getByText(/listening without a microphone/).count(), 0);
    await sara.waitForTimeout(SETTLE_MS);
    const [aliceWhisper, customerWhisper] = await Promise.all([
      toneLevels(alice, [CUSTOMER_TONE_HZ, SUPERVISOR_TONE_HZ]),
      toneLevels(customer, [AGENT_TONE_HZ, SUPERVISOR_TONE_HZ]),
    ]);
    metric(`whisper after plugging in: alice 440/1500 ${fmt(aliceWhisper)}, customer 1000/1500 ${fmt(customerWhisper)}`);
    assert.ok(aliceWhisper.every(heard), `Alice hears the customer and Sara: ${fmt(aliceWhisper)}`);
    assert.ok(heard(customerWhisper[0]!) && absent(customerWhisper[1]!), `the customer does not hear Sara: ${fmt(customerWhisper)}`);

    await panel.getByRole('button', { name: 'Stop monitoring' }).click();
    await alice.getByRole('button', { name: 'Hang up' }).click();
    await customer.getByRole('status').getByText(/call ended/i).waitFor();
    for (const page of [alice, customer, sara]) await page.context().close();
  });
});
