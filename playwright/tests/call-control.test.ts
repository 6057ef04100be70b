import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { dominantFrequency, toneLevels, waitForAudio } from '../support/audio-probe.ts';
import { launchChromium } from '../support/browser.ts';
import { answeredWidgetCall, openPage, signInAvailable } from '../support/pages.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

const CUSTOMER_TONE_HZ = 440;
const AGENT_TONE_HZ = 1000;
/** Away from the music's notes and their first harmonics (1046, 1318, 1568 Hz). */
const SECOND_AGENT_TONE_HZ = 1200;
/** The notes of the music on hold (apps/server/assets): C5, E5, G5. */
const MUSIC_NOTES_HZ = [523, 659, 784];
const TOLERANCE_HZ = 25;
const near = (hz: number, target: number) => Math.abs(hz - target) <= TOLERANCE_HZ;
/** In a mix, a party heard is within 20 dB of the loudest; one not heard is 35 dB below. */
const heard = (db: number) => db > -20;
const absent = (db: number) => db < -35;
const fmt = (levels: number[]) => levels.map((db) => db.toFixed(0)).join('/');

let server: ServerProcess;
let customerBrowser: Browser;
let agentBrowser: Browser;
let secondAgentBrowser: Browser;

before(async () => {
  [server, customerBrowser, agentBrowser, secondAgentBrowser] = await Promise.all([
    startServerProcess({ WRAP_UP_MS: '0' }),
    launchChromium(CUSTOMER_TONE_HZ),
    launchChromium(AGENT_TONE_HZ),
    launchChromium(SECOND_AGENT_TONE_HZ),
  ]);
});
after(async () => {
  await customerBrowser?.close();
  await agentBrowser?.close();
  await secondAgentBrowser?.close();
  await server?.stop();
});

/** The latest call's event types, once its end is written. */
async function latestCallEvents(): Promise<string[]> {
  for (let i = 0; i < 50; i++) {
    const { rows } = await server.db.query(
      `select array_agg(type order by id) as events from call_events
        where call_id = (select id from calls order by offered_at desc limit 1)`,
    );
    const events: string[] = rows[0]?.events ?? [];
    if (events.includes('ended')) return events;
    await new Promise((r) => setTimeout(r, 100));
  }
  return [];
}

async function connectedCall(): Promise<{ agent: Page; customer: Page }> {
  const { agent, customer } = await answeredWidgetCall({ agent: agentBrowser, customer: customerBrowser }, server.url);
  await agent.waitForTimeout(800);
  return { agent, customer };
}

/** Bob signs in; Alice consults him and he joins: the two agents talk, the customer holds. */
async function consultBob(alice: Page): Promise<Page> {
  const bob = await openPage(secondAgentBrowser, `${server.url}/agent/`);
  await signInAvailable(bob, 'bob');
  await alice.getByRole('button', { name: 'Consult' }).click();
  const panel = alice.getByRole('region', { name: 'Consult' });
  await panel.getByRole('combobox', { name: 'Consult with' }).selectOption({ label: 'Agent: Bob Chen (available)' });
  await panel.getByRole('button', { name: 'Ask to join' }).click();
  await bob.getByRole('region', { name: 'Consultation request' }).getByRole('button', { name: 'Join call' }).click({ timeout: 10_000 });
  await alice.getByRole('region', { name: 'Consultation' }).getByText(/talking with bob chen/i).waitFor();
  await waitForAudio(bob);
  return bob;
}

describe('call control from the agent desktop', () => {
  test('Hold: the customer hears music and the agent nothing; Resume brings both voices back', async () => {
    const { agent, customer } = await connectedCall();

    await agent.getByRole('button', { name: 'Hold' }).click();
    await agent.getByRole('button', { name: 'Resume', pressed: true }).waitFor();
    await customer.getByRole('status').getByText(/on hold/i).waitFor();
    await agent.waitForTimeout(800);
    const [agentHeld, customerHeld] = await Promise.all([dominantFrequency(agent), dominantFrequency(customer)]);
    console.log(`on hold: customer hears ${customerHeld.hz} Hz (rms ${customerHeld.rms.toFixed(3)}), agent rms ${agentHeld.rms.toFixed(4)}`);
    assert.ok(MUSIC_NOTES_HZ.some((note) => near(customerHeld.hz, note)), `customer hears music, not ${customerHeld.hz} Hz`);
    assert.ok(customerHeld.rms > 0.01, `music is audible: rms ${customerHeld.rms}`);
    assert.ok(agentHeld.rms < 0.005, `the agent hears nothing: rms ${agentHeld.rms}`);

    await agent.getByRole('button', { name: 'Resume' }).click();
    await agent.getByRole('button', { name: 'Hold', pressed: false }).waitFor();
    await customer.getByRole('status').getByText(/connected/i).waitFor();
    await agent.waitForTimeout(800);
    const [agentBack, customerBack] = await Promise.all([dominantFrequency(agent), dominantFrequency(customer)]);
    assert.ok(near(agentBack.hz, CUSTOMER_TONE_HZ), `agent hears the customer again: ${agentBack.hz} Hz`);
    assert.ok(near(customerBack.hz, AGENT_TONE_HZ), `customer hears the agent again: ${customerBack.hz} Hz`);

    // The keyboard: Alt+H holds and resumes from anywhere in the desktop.
    await agent.keyboard.press('Alt+h');
    await agent.getByRole('button', { name: 'Resume', pressed: true }).waitFor();
    await agent.keyboard.press('Alt+h');
    await agent.getByRole('button', { name: 'Hold', pressed: false }).waitFor();

    await agent.getByRole('button', { name: 'Hang up' }).click();
    await customer.getByRole('status').getByText(/call ended/i).waitFor();
    assert.deepEqual(await latestCallEvents(), ['queued', 'offered', 'answered', 'hold', 'unhold', 'hold', 'unhold', 'ended']);
    await agent.context().close();
    await customer.context().close();
  });

  test('blind transfer to another agent: the customer now hears Bob, not Alice, and never dropped', async () => {
    const { agent: alice, customer } = await connectedCall();
    const bob = await openPage(secondAgentBrowser, `${server.url}/agent/`);
    await signInAvailable(bob, 'bob');

    await alice.getByRole('button', { name: 'Transfer' }).click();
    const panel = alice.getByRole('region', { name: 'Transfer' });
    await panel.getByRole('combobox', { name: 'Transfer to' }).selectOption({ label: 'Agent: Bob Chen (available)' });
    await panel.getByRole('button', { name: 'Transfer now' }).click();
    await alice.getByText('You transferred the call.').waitFor();
    await customer.getByRole('status').getByText(/on hold/i).waitFor();

    const transferredAt = Date.now();
    await bob.getByRole('button', { name: 'Answer' }).click({ timeout: 10_000 });
    await waitForAudio(bob);
    await customer.getByRole('status').getByText(/connected to bob/i).waitFor();
    console.log(`metric transfer-to-answer: ${Date.now() - transferredAt} ms`);
    await bob.waitForTimeout(1000);
    const [atBob, atCustomer] = await Promise.all([dominantFrequency(bob), dominantFrequency(customer)]);
    assert.ok(near(atBob.hz, CUSTOMER_TONE_HZ), `Bob hears the customer: ${atBob.hz} Hz`);
    assert.ok(near(atCustomer.hz, SECOND_AGENT_TONE_HZ), `the customer hears Bob, not Alice: ${atCustomer.hz} Hz`);
    assert.equal(await alice.locator('[data-remote-audio]').count() === 0 || (await dominantFrequency(alice, 5)).rms < 0.005, true);

    await customer.getByRole('button', { name: 'Hang up' }).click();
    await bob.getByText(/caller hung up/i).waitFor();
    assert.deepEqual(await latestCallEvents(), ['queued', 'offered', 'answered', 'transferred', 'offered', 'answered', 'ended']);
    for (const page of [alice, bob, customer]) await page.context().close();
  });

  test('Consult, then Conference: each party hears the other two; then Complete leaves Bob with the customer', async () => {
    const { agent: alice, customer } = await connectedCall();
    const bob = await consultBob(alice);
    await bob.waitForTimeout(1000);

    // Consulting: the agents hear each other, the customer hears only the music.
    const [aliceHears, bobHears, customerHears] = await Promise.all([
      toneLevels(alice, [SECOND_AGENT_TONE_HZ, CUSTOMER_TONE_HZ]),
      toneLevels(bob, [AGENT_TONE_HZ, CUSTOMER_TONE_HZ]),
      toneLevels(customer, [AGENT_TONE_HZ, SECOND_AGENT_TONE_HZ, ...MUSIC_NOTES_HZ]),
    ]);
    console.log(`consulting (dB below the peak): alice ${fmt(aliceHears)}, bob ${fmt(bobHears)}, customer ${fmt(customerHears)}`);
    assert.ok(heard(aliceHears[0]!) && absent(aliceHears[1]!), `Alice hears Bob, not the customer: ${fmt(aliceHears)}`);
    assert.ok(heard(bobHears[0]!) && absent(bobHears[1]!), `Bob hears Alice, not the customer: ${fmt(bobHears)}`);
    assert.ok(absent(customerHears[0]!) && absent(customerHears[1]!), `the customer hears neither agent: ${fmt(customerHears)}`);
    assert.ok(customerHears.slice(2).some(heard), `the customer hears the music: ${fmt(customerHears)}`);

    await alice.getByRole('button', { name: 'Conference' }).click();
    await alice.getByRole('region', { name: 'Consultation' }).getByText(/conference with bob chen/i).waitFor();
    await alice.waitForTimeout(1200);
    const [aliceConf, bobConf, customerConf] = await Promise.all([
      toneLevels(alice, [SECOND_AGENT_TONE_HZ, CUSTOMER_TONE_HZ]),
      toneLevels(bob, [AGENT_TONE_HZ, CUSTOMER_TONE_HZ]),
      toneLevels(customer, [AGENT_TONE_HZ, SECOND_AGENT_TONE_HZ]),
    ]);
    console.log(`conference (dB below the peak): alice ${fmt(aliceConf)}, bob ${fmt(bobConf)}, customer ${fmt(customerConf)}`);
    for (const [who, levels] of [['Alice', aliceConf], ['Bob', bobConf], ['the customer', customerConf]] as const) {
      assert.ok(levels.every(heard), `${who} hears both others: ${fmt(levels)}`);
    }

    // Alice leaves: Bob keeps the customer.
    await alice.getByRole('button', { name: 'Leave call' }).click();
    await alice.getByText('You transferred the call.').waitFor();
    await bob.waitForTimeout(1000);
    const [bobAfter, customerAfter] = await Promise.all([dominantFrequency(bob), dominantFrequency(customer)]);
    assert.ok(near(bobAfter.hz, CUSTOMER_TONE_HZ), `Bob hears the customer: ${bobAfter.hz}`);
    assert.ok(near(customerAfter.hz, SECOND_AGENT_TONE_HZ), `the customer hears Bob: ${customerAfter.hz}`);
    await bob.getByRole('button', { name: 'Hang up' }).click();
    await customer.getByRole('status').getByText(/call ended/i).waitFor();
    assert.deepEqual(await latestCallEvents(), [
      'queued', 'offered', 'answered', 'consult-requested', 'consult-answered', 'conference', 'conference-left', 'ended',
    ]);
    for (const page of [alice, bob, customer]) await page.context().close();
  });

  test('Consult, then Cancel: Bob leaves, and Alice and the customer hear each other again', async () => {
    const { agent: alice, customer } = await connectedCall();
    const bob = await consultBob(alice);

    await alice.getByRole('button', { name: 'Cancel consult' }).click();
    await bob.getByRole('region', { name: 'Current call' }).waitFor({ state: 'detached' });
    await customer.getByRole('status').getByText(/connected/i).waitFor();
    await alice.waitForTimeout(1000);
    const [aliceBack, customerBack] = await Promise.all([dominantFrequency(alice), dominantFrequency(customer)]);
    assert.ok(near(aliceBack.hz, CUSTOMER_TONE_HZ), `Alice hears the customer again: ${aliceBack.hz} Hz`);
    assert.ok(near(customerBack.hz, AGENT_TONE_HZ), `the customer hears Alice again: ${customerBack.hz} Hz`);
    const customerLevels = await toneLevels(customer, [AGENT_TONE_HZ, SECOND_AGENT_TONE_HZ]);
    assert.ok(absent(customerLevels[1]!), `the customer does not hear Bob: ${fmt(customerLevels)}`);

    await alice.getByRole('button', { name: 'Hang up' }).click();
    await customer.getByRole('status').getByText(/call ended/i).waitFor();
    assert.deepEqual(await latestCallEvents(), [
      'queued', 'offered', 'answered', 'consult-requested', 'consult-answered', 'consult-cancelled', 'ended',
    ]);
    for (const page of [alice, bob, customer]) await page.context().close();
  });
});
