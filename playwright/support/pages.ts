import type { Browser, Page } from 'playwright-core';
import { installPeerConnectionProbe } from './audio-probe.ts';

/** A fresh page in its own context, with the peer-connection probe installed. */
export async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ permissions: ['microphone'] });
  await installPeerConnectionProbe(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(url);
  return page;
}

/** Signs an agent in on the agent desktop and makes them Available. */
export async function signInAvailable(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Available', exact: true }).click();
  await page.getByRole('button', { name: 'Available', exact: true, pressed: true }).waitFor();
}
