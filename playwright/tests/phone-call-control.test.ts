import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { dominantFrequency, waitForAudio } from '../support/audio-probe.ts';
import { BaresipPhone } from '../support/baresip-phone.ts';
import { launchChromium } from '../support/browser.ts';
import { openPage, signInAvailable } from '../support/pages.ts';
import { measureTone, readWav, recordedToneLevels, slice } from '../support/recorded-tone.ts';
import { sipGatewayPort, startServerProcess, type ServerProcess } from '../support/server-process.ts';

/**
 * Call control with a phone customer (baresip through the SIP gateway), measured at the
 * phone from its recording of what it heard: Alice talks, holds (the phone hears the
 * music), resumes, transfers blind to Bob (the phone hears Bob, not Alice), Bob consults
 * Alice (the phone hears the music again) and makes it a conference: the phone hears
 * both agents at once, which only the server's mix can give a phone leg.
 */
const PHONE_HZ = 1000;
const ALICE_HZ = 440;
const BOB_HZ = 1200;
const MUSIC_NOTES_HZ = [523, 659, 784];
/** How long each stretch of the call lasts, so the phone's recording has enough of it. */
const STRETCH_MS = 3000;
const heard = (db: number) => db > -20;
const absent = (db: number) => db < -40;
const fmt = (levels: number[]) => levels.map((db) => db.toFixed(0)).join('/');

let server: ServerProcess;
let aliceBrowser: Browser;
let bobBrowser: Browser;
let sipPort: number;

before(async () => {
  [server, aliceBrowser, bobBrowser] = await Promise.all([
    startServerProcess({ SIP_ENABLED: 'true', SIP_PORT: '0', LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? 'info', WRAP_UP_MS: '0' }),
    launchChromium(ALICE_HZ),
    launchChromium(BOB_HZ),
  ]);
  sipPort = await sipGatewayPort(server);
});
after(async () => {
  await aliceBrowser?.close();
  await bobBrowser?.close();
  await server?.stop();
});

const until = (page: Page, from: number) => page.waitForTimeout(Math.max(0, from + STRETCH_MS - Date.now()));

test('a phone customer: hold, blind transfer, consult and a conference heard through the mix', { timeout: 120_000 }, async () => {
  const phone = await BaresipPhone.start({ number: '4930111222', toneHz: PHONE_HZ, codec: 'PCMU' });
  const alice = await openPage(aliceBrowser, `${server.url}/agent/`);
  const bob = await openPage(bobBrowser, `${server.url}/agent/`);
  try {
    await signInAvailable(alice, 'alice');
    await phone.dial(`sip:1000@127.0.0.1:${sipPort}`);
    await alice.getByRole('button', { name: 'Answer' }).click({ timeout: 10_000 });
    await Promise.all([phone.waitFor('CALL_ESTABLISHED'), waitForAudio(alice)]);
    const marks: Record<string, number> = { talk: Date.now() };
    await alice.waitForTimeout(1000);
    const aliceHears = await dominantFrequency(alice);
    assert.ok(Math.abs(aliceHears.hz - PHONE_HZ) < 25, `Alice hears the phone: ${aliceHears.hz} Hz`);
    await until(alice, marks.talk!);

    await alice.getByRole('button', { name: 'Hold' }).click();
    await alice.getByRole('button', { name: 'Resume', pressed: true }).waitFor();
    marks.hold = Date.now();
    await alice.waitForTimeout(1000);
    assert.ok((await dominantFrequency(alice)).rms < 0.005, 'Alice hears nothing from the held phone');
    await until(alice, marks.hold);
    await alice.getByRole('button', { name: 'Resume' }).click();
    await alice.getByRole('button', { name: 'Hold', pressed: false }).waitFor();

    await signInAvailable(bob, 'bob');
    await alice.getByRole('button', { name: 'Transfer' }).click();
    const transfer = alice.getByRole('region', { name: 'Transfer' });
    await transfer.getByRole('combobox', { name: 'Transfer to' }).selectOption({ label: 'Agent: Bob Chen (available)' });
    await transfer.getByRole('button', { name: 'Transfer now' }).click();
    await alice.getByText('You transferred the call.').waitFor();
    await bob.getByRole('button', { name: 'Answer' }).click({ timeout: 10_000 });
    await waitForAudio(bob);
    marks.bob = Date.now();
    await bob.waitForTimeout(1000);
    const bobHears = await dominantFrequency(bob);
    assert.ok(Math.abs(bobHears.hz - PHONE_HZ) < 25, `Bob hears the phone: ${bobHears.hz} Hz`);
    await until(bob, marks.bob);

    await bob.getByRole('button', { name: 'Consult' }).click();
    const consult = bob.getByRole('region', { name: 'Consult' });
    await consult.getByRole('combobox', { name: 'Consult with' }).selectOption({ label: 'Agent: Alice Martin (available)' });
    await consult.getByRole('button', { name: 'Ask to join' }).click();
    await alice.getByRole('region', { name: 'Consultation request' }).getByRole('button', { name: 'Join call' }).click({ timeout: 10_000 });
    await bob.getByRole('region', { name: 'Consultation' }).getByText(/talking with alice martin/i).waitFor();
    marks.consult = Date.now();
    await until(bob, marks.consult);

    await bob.getByRole('button', { name: 'Conference' }).click();
    await bob.getByRole('region', { name: 'Consultation' }).getByText(/conference with alice martin/i).waitFor();
    marks.conference = Date.now();
    await until(bob, marks.conference);

    await phone.hangup();
    const closed = await phone.waitFor('CALL_CLOSED');
    await phone.stop();

    // The phone's recording, placed on the wall clock by its end (the hang-up).
    const recording = readWav(phone.receivedAudioFile());
    const start = closed.at - (recording.samples.length / recording.sampleRate) * 1000;
    const stretch = (from: number, to: number) => slice(recording, from - start + 1000, to - start - 500);
    const tones = [ALICE_HZ, BOB_HZ, ...MUSIC_NOTES_HZ];
    const talk = recordedToneLevels(stretch(marks.talk!, marks.hold!), tones);
    const hold = measureTone(stretch(marks.hold!, marks.hold! + STRETCH_MS));
    const holdLevels = recordedToneLevels(stretch(marks.hold!, marks.hold! + STRETCH_MS), tones);
    const withBob = recordedToneLevels(stretch(marks.bob!, marks.consult!), tones);
    const consulting = recordedToneLevels(stretch(marks.consult!, marks.conference!), tones);
    const conference = recordedToneLevels(stretch(marks.conference!, closed.at), tones);
    console.log(
      `phone hears (dB for ${tones.join('/')} Hz): talk ${fmt(talk)}, hold ${fmt(holdLevels)} (${hold.hz} Hz), ` +
        `bob ${fmt(withBob)}, consulting ${fmt(consulting)}, conference ${fmt(conference)}`,
    );
    assert.ok(heard(talk[0]!) && absent(talk[1]!), `talking: Alice only: ${fmt(talk)}`);
    assert.ok(MUSIC_NOTES_HZ.some((n) => Math.abs(hold.hz - n) < 25), `on hold: the music, not ${hold.hz} Hz`);
    assert.ok(absent(holdLevels[0]!), `on hold: not Alice: ${fmt(holdLevels)}`);
    assert.ok(heard(withBob[1]!) && absent(withBob[0]!), `after the transfer: Bob, not Alice: ${fmt(withBob)}`);
    assert.ok(absent(consulting[0]!) && absent(consulting[1]!), `consulting: neither agent: ${fmt(consulting)}`);
    assert.ok(heard(conference[0]!) && heard(conference[1]!), `conference: both agents in the mix: ${fmt(conference)}`);

    const { rows } = await server.db.query(
      `select array_agg(type order by id) as events from call_events where call_id = (select id from calls order by offered_at desc limit 1)`,
    );
    assert.deepEqual(rows[0].events, [
      'queued', 'offered', 'answered', 'hold', 'unhold', 'transferred', 'offered', 'answered',
      'consult-requested', 'consult-answered', 'conference', 'ended',
    ]);
  } catch (error) {
    console.error(`baresip said:\n${phone.log()}`);
    throw error;
  } finally {
    await phone.stop();
    phone.remove();
    await alice.context().close();
    await bob.context().close();
  }
});
