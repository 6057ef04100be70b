import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { dominantFrequency, inboundAudio, waitForAudio } from '../support/audio-probe.ts';
import { launchChromium } from '../support/browser.ts';
import { openPage, signInAvailable } from '../support/pages.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

const CUSTOMER_TONE_HZ = 440;
const AGENT_TONE_HZ = 1000;
/** Both tones must land within this of the sent frequency (FFT bins are 5.9 Hz). */
const TOLERANCE_HZ = 25;

let server: ServerProcess;
let customerBrowser: Browser;
let agentBrowser: Browser;
const metrics: Record<string, number[]> = {};
const note = (name: string, ms: number) => void (metrics[name] ??= []).push(ms);

before(async () => {
  [server, customerBrowser, agentBrowser] = await Promise.all([
    startServerProcess({ RING_TIMEOUT_MS: '6000', WRAP_UP_MS: '60000' }),
    launchChromium(CUSTOMER_TONE_HZ),
    launchChromium(AGENT_TONE_HZ),
  ]);
});
after(async () => {
  for (const [name, values] of Object.entries(metrics)) console.log(`metric ${name}: ${values.join(', ')} ms`);
  await customerBrowser?.close();
  await agentBrowser?.close();
  await server?.stop();
});

async function latestCallRecord() {
  const { rows } = await server.db.query(
    `select c.*, (select array_agg(type order by id) from call_events e where e.call_id = c.id) as events
       from calls c order by offered_at desc limit 1`,
  );
  return rows[0];
}

/** Waits (a little) for the server to finish writing the call's end. */
async function endedRecord() {
  for (let i = 0; i < 40; i++) {
    const r = await latestCallRecord();
    if (r?.state === 'ended' && r.events?.includes('ended')) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  return latestCallRecord();
}

async function placeCall(customer: Page) {
  const clickedAt = Date.now();
  await customer.getByRole('button', { name: 'Call us' }).click();
  return clickedAt;
}

describe('the first browser call', () => {
  test('customer calls from the widget, agent answers, both hear each other, customer hangs up', async () => {
    const agent = await openPage(agentBrowser, `${server.url}/agent/`);
    await signInAvailable(agent, 'alice');
    const customer = await openPage(customerBrowser, `${server.url}/demo/`);

    const clickedAt = await placeCall(customer);
    const answer = agent.getByRole('button', { name: 'Answer' });
    await answer.waitFor({ timeout: 10_000 });
    note('call-us-to-agent-ringing', Date.now() - clickedAt);
    await assert.doesNotReject(agent.getByText('support', { exact: false }).first().waitFor());
    // While it rings, the customer hears their place in line and the wait estimate.
    await customer.getByRole('status').getByText(/number 1 in line\. Estimated wait: less than a minute/).waitFor();

    const answeredAt = Date.now();
    await answer.click();
    const firstAudio = (page: Page) => waitForAudio(page).then(() => Date.now() - answeredAt);
    const [agentHears, customerHears] = await Promise.all([firstAudio(agent), firstAudio(customer)]);
    note('answer-to-first-audio-at-agent', agentHears);
    note('answer-to-first-audio-at-customer', customerHears);
    await customer.getByRole('status').getByText(/connected/i).waitFor();

    // Let a second of audio flow, then measure what each side actually receives.
    await agent.waitForTimeout(1000);
    const [atAgent, atCustomer] = await Promise.all([dominantFrequency(agent), dominantFrequency(customer)]);
    console.log(`agent hears ${atAgent.hz} Hz (rms ${atAgent.rms.toFixed(3)}), customer hears ${atCustomer.hz} Hz (rms ${atCustomer.rms.toFixed(3)})`);
    assert.ok(Math.abs(atAgent.hz - CUSTOMER_TONE_HZ) <= TOLERANCE_HZ, `agent hears ${atAgent.hz} Hz`);
    assert.ok(Math.abs(atCustomer.hz - AGENT_TONE_HZ) <= TOLERANCE_HZ, `customer hears ${atCustomer.hz} Hz`);
    assert.ok(atAgent.rms > 0.01 && atCustomer.rms > 0.01, `levels ${atAgent.rms} / ${atCustomer.rms}`);
    const agentStats = await inboundAudio(agent);
    const customerStats = await inboundAudio(customer);
    assert.ok(agentStats.packetsReceived > 50, `agent received ${agentStats.packetsReceived} packets`);
    assert.ok(customerStats.packetsReceived > 50, `customer received ${customerStats.packetsReceived} packets`);

    await customer.getByRole('button', { name: 'Hang up' }).click();
    await customer.getByRole('status').getByText(/call ended/i).waitFor();
    await agent.getByRole('button', { name: 'Ready' }).waitFor();

    const record = await endedRecord();
    assert.equal(record.state, 'ended');
    assert.equal(record.end_reason, 'customer-hangup');
    assert.ok(record.answered_at && record.ended_at);
    assert.deepEqual(record.events, ['queued', 'offered', 'answered', 'ended']);

    await agent.getByRole('button', { name: 'Ready' }).click();
    await agent.getByRole('button', { name: 'Available', exact: true, pressed: true }).waitFor();
    await agent.context().close();
    await customer.context().close();
  });

  test('the agent hangs up and the call ends for the customer too', async () => {
    const agent = await openPage(agentBrowser, `${server.url}/agent/`);
    await signInAvailable(agent, 'alice');
    const customer = await openPage(customerBrowser, `${server.url}/demo/`);
    await placeCall(customer);
    await agent.getByRole('button', { name: 'Answer' }).click({ timeout: 10_000 });
    await waitForAudio(customer);
    await agent.getByRole('button', { name: 'Hang up' }).click();
    await customer.getByRole('status').getByText(/call ended/i).waitFor();
    await customer.getByRole('button', { name: 'Call us' }).waitFor();
    const record = await endedRecord();
    assert.equal(record.end_reason, 'agent-hangup');
    await agent.context().close();
    await customer.context().close();
  });

  test('when the first agent does not answer in time, the second agent gets the call', async () => {
    const alice = await openPage(agentBrowser, `${server.url}/agent/`);
    await signInAvailable(alice, 'alice');
    const bob = await openPage(agentBrowser, `${server.url}/agent/`);
    await signInAvailable(bob, 'bob');
    const customer = await openPage(customerBrowser, `${server.url}/demo/`);
    await placeCall(customer);

    // Alice has been idle longest (her previous call ended before Bob signed in).
    const aliceAnswer = alice.getByRole('button', { name: 'Answer' });
    await aliceAnswer.waitFor({ timeout: 10_000 });
    assert.equal(await bob.getByRole('button', { name: 'Answer' }).count(), 0, 'only one agent rings at a time');
    // She lets it ring out (6 s); then it rings for Bob.
    const bobAnswer = bob.getByRole('button', { name: 'Answer' });
    await bobAnswer.waitFor({ timeout: 12_000 });
    await aliceAnswer.waitFor({ state: 'detached' });
    await bobAnswer.click();
    await Promise.all([waitForAudio(bob), waitForAudio(customer)]);
    const atBob = await dominantFrequency(bob);
    assert.ok(Math.abs(atBob.hz - CUSTOMER_TONE_HZ) <= TOLERANCE_HZ, `bob hears ${atBob.hz} Hz`);

    await bob.getByRole('button', { name: 'Hang up' }).click();
    const record = await endedRecord();
    assert.deepEqual(record.events, ['queued', 'offered', 'offer-timeout', 'offered', 'answered', 'ended']);
    const { rows } = await server.db.query(
      `select u.username from call_events e join users u on u.id = e.agent_id
        where e.call_id = $1 and e.type = 'offered' order by e.id`,
      [record.id],
    );
    assert.deepEqual(rows.map((r) => r.username), ['alice', 'bob']);
    await alice.context().close();
    await bob.context().close();
    await customer.context().close();
  });
});
