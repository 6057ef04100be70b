import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { openPage } from '../support/pages.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

let server: ServerProcess;
let browser: Browser;
before(async () => {
  [server, browser] = await Promise.all([startServerProcess(), launchChromium(440)]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a wrong password is refused in words on the agent desktop', async () => {
  const page = await openPage(browser, `${server.url}/agent/`);
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /username or password is not correct/);
  await page.context().close();
});

test('the agent desktop can be used by keyboard alone: sign in and go Available', async () => {
  const page = await openPage(browser, `${server.url}/agent/`);
  // The Username field takes focus as soon as the form appears.
  await page.waitForFunction(() => document.activeElement?.getAttribute('autocomplete') === 'username');
  await page.keyboard.type('bob');
  await page.keyboard.press('Tab');
  await page.keyboard.type('demo');
  await page.keyboard.press('Enter');
  // Enabled only once the server has confirmed the session.
  const available = page.getByRole('button', { name: 'Available', exact: true, disabled: false });
  await available.waitFor();
  await available.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Available', exact: true, pressed: true }).waitFor();
  // Signed in across a reload.
  await page.reload();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.context().close();
});

test('the console admits supervisors and refuses agents', async () => {
  const page = await openPage(browser, `${server.url}/admin/`);
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  assert.match((await page.getByRole('alert').textContent()) ?? '', /for supervisors and admins/);
  await page.getByLabel('Username').fill('sara');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Wallboard' }).waitFor();
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name: 'Reports' }).click();
  await page.getByRole('heading', { name: 'Reports' }).waitFor();
  await page.context().close();
});
