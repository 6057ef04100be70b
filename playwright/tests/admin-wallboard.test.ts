import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { waitForAudio } from '../support/audio-probe.ts';
import { launchChromium } from '../support/browser.ts';
import { openPage } from '../support/pages.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

/**
 * The supervisor's wallboard in the console, live: a widget call waiting, answered,
 * another abandoned, each shown without reloading; the call's audio quality on the live
 * calls page; and a forced Away whose reason the agent reads on their desktop.
 */
let server: ServerProcess;
let customerBrowser: Browser;
let agentBrowser: Browser;

before(async () => {
  [server, customerBrowser, agentBrowser] = await Promise.all([
    startServerProcess({ RING_TIMEOUT_MS: '20000', WRAP_UP_MS: '0' }),
    launchChromium(440),
    launchChromium(1000),
  ]);
});
after(async () => {
  await customerBrowser?.close();
  await agentBrowser?.close();
  await server?.stop();
});

async function signInConsole(page: Page, username: string) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Wallboard' }).waitFor();
}

async function signInAway(page: Page, username: string) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Away', exact: true }).click();
  await page.getByRole('button', { name: 'Away', exact: true, pressed: true }).waitFor();
}

describe('the supervisor wallboard', () => {
  test('counts a call waiting, answered and abandoned as it happens; a forced Away reaches the agent', async () => {
    const sara = await openPage(customerBrowser, `${server.url}/admin/`);
    await signInConsole(sara, 'sara');
    const support = sara.getByRole('region', { name: 'Support queue' });
    const tile = (name: string) => support.getByRole('group', { name });
    await tile('Waiting: 0').waitFor();
    await tile('Answered today: 0').waitFor();
    await tile('Abandoned today: 0').waitFor();

    const alice = await openPage(agentBrowser, `${server.url}/agent/`);
    await signInAway(alice, 'alice');
    const agents = sara.getByRole('table');
    await agents.getByRole('row', { name: /Alice Martin.*Away/ }).waitFor();

    // A widget call arrives while nobody is free.
    const customer = await openPage(customerBrowser, `${server.url}/demo/`);
    await customer.getByRole('button', { name: 'Call us' }).click();
    await tile('Waiting: 1').waitFor();

    // Alice becomes available and answers.
    await alice.getByRole('button', { name: 'Available', exact: true }).click();
    await alice.getByRole('button', { name: 'Answer' }).click({ timeout: 10_000 });
    await tile('Answered today: 1').waitFor();
    await tile('Waiting: 0').waitFor();
    await agents.getByRole('row', { name: /Alice Martin.*On a call/ }).waitFor();

    // The live calls page lists the call with its audio quality once media flows.
    await waitForAudio(customer);
    await sara.getByRole('button', { name: 'Live calls' }).click();
    const row = sara.getByRole('table', { name: 'Calls in progress' }).getByRole('row', { name: /Alice Martin/ });
    await row.getByText(/^MOS \d\.\d$/).waitFor({ timeout: 10_000 });
    await row.getByText('Talking').waitFor();
    await sara.getByRole('button', { name: 'Wallboard' }).click();

    await customer.getByRole('button', { name: 'Hang up' }).click();
    await agents.getByRole('row', { name: /Alice Martin.*Available/ }).waitFor();

    // The supervisor sets Alice away for a reason, and Alice reads it.
    await sara.getByRole('button', { name: 'Force state for Alice Martin' }).click();
    const dialog = sara.getByRole('dialog', { name: /Force state/ });
    await dialog.getByRole('radio', { name: 'Away' }).check();
    await dialog.getByLabel('Reason (shown to the agent)').fill('Team huddle');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.waitFor({ state: 'detached' });
    await alice.getByRole('button', { name: 'Away', exact: true, pressed: true }).waitFor();
    await alice.getByText('Set away by Sara Okafor: Team huddle').waitFor();
    await agents.getByRole('row', { name: /Alice Martin.*Away.*Team huddle/ }).waitFor();

    // A second caller gives up while nobody is free.
    await customer.getByRole('button', { name: 'Call us' }).click();
    await tile('Waiting: 1').waitFor();
    await customer.getByRole('button', { name: 'Hang up' }).click();
    await tile('Abandoned today: 1').waitFor();
    await tile('Waiting: 0').waitFor();
    await tile('Answered today: 1').waitFor();

    await Promise.all([sara.context().close(), alice.context().close(), customer.context().close()]);
  });
});
