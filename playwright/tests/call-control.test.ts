import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { dominantFrequency, waitForAudio } from '../support/audio-probe.ts';
import { launchChromium } from '../support/browser.ts';
import { openPage, signInAvailable } from '../support/pages.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

const CUSTOMER_TONE_HZ = 440;
const AGENT_TONE_HZ = 1000;
/** The notes of the music on hold (apps/server/assets): C5, E5, G5. */
const MUSIC_NOTES_HZ = [523, 659, 784];
const TOLERANCE_HZ = 25;
const near = (hz: number, target: number) => Math.abs(hz - target) <= TOLERANCE_HZ;

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

async function connectedCall(): Promise<{ agent: Page; customer: Page }> {
  const agent = await openPage(agentBrowser, `${server.url}/agent/`);
  await signInAvailable(agent, 'alice');
  const customer = await openPage(customerBrowser, `${server.url}/demo/`);
  await customer.getByRole('button', { name: 'Call us' }).click();
  await agent.getByRole('button', { name: 'Answer' }).click({ timeout: 10_000 });
  await Promise.all([waitForAudio(agent), waitForAudio(customer)]);
  await agent.waitForTimeout(800);
  return { agent, customer };
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
    const { rows } = await server.db.query(
      `select array_agg(type order by id) as events from call_events
        where call_id = (select id from calls order by offered_at desc limit 1)`,
    );
    assert.deepEqual(rows[0].events, ['queued', 'offered', 'answered', 'hold', 'unhold', 'hold', 'unhold', 'ended']);
    await agent.context().close();
    await customer.context().close();
  });
});
