import type { Browser, BrowserContext, Page } from 'playwright-core';
import { installPeerConnectionProbe, waitForAudio } from './audio-probe.ts';

/**
 * A fresh page in its own context, with the peer-connection probe installed;
 * `beforeLoad` prepares the context further (init scripts) before the page opens.
 */
export async function openPage(
  browser: Browser,
  url: string,
  beforeLoad?: (context: BrowserContext) => Promise<void>,
): Promise<Page> {
  const context = await browser.newContext({ permissions: ['microphone'] });
  await installPeerConnectionProbe(context);
  await beforeLoad?.(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(url);
  return page;
}

/**
 * A customer calls from the widget's demo page and `username` answers on the agent
 * desktop; returns both pages once each hears the other.
 */
export async function answeredWidgetCall(
  browsers: { agent: Browser; customer: Browser },
  serverUrl: string,
  username = 'alice',
): Promise<{ agent: Page; customer: Page }> {
  const agent = await openPage(browsers.agent, `${serverUrl}/agent/`);
  await signInAvailable(agent, username);
  const customer = await openPage(browsers.customer, `${serverUrl}/demo/`);
  await customer.getByRole('button', { name: 'Call us' }).click();
  await agent.getByRole('button', { name: 'Answer' }).click({ timeout: 10_000 });
  await Promise.all([waitForAudio(agent), waitForAudio(customer)]);
  return { agent, customer };
}

/** Signs an agent in on the agent desktop and makes them Available. */
export async function signInAvailable(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Available', exact: true }).click();
  await page.getByRole('button', { name: 'Available', exact: true, pressed: true }).waitFor();
}

/**
 * A machine with no microphone plugged in: getUserMedia fails as Chrome's does
 * (NotFoundError) until `plugInMicrophone(page)`, after which the fake device answers.
 */
export async function withoutMicrophone(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const devices = navigator.mediaDevices;
    const real = devices.getUserMedia.bind(devices);
    const w = window as unknown as { microphonePlugged?: boolean };
    devices.getUserMedia = (constraints) =>
      w.microphonePlugged ? real(constraints) : Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
  });
}

export async function plugInMicrophone(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { microphonePlugged?: boolean }).microphonePlugged = true;
  });
}
