import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AdminQueue, AdminUser, PhoneNumber, SipTrunk, Skill, Team } from '@cc/shared';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { openPage } from '../support/pages.ts';
import { RestClient } from '../support/rest-client.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

/**
 * The console's configuration pages against the real server: an admin creates a queue
 * (a mistake first, refused in words next to its field with nothing saved), a user with a
 * skill level and a queue tier, and maps a phone number to the new queue; the server's own
 * field errors show next to the field too; a supervisor reads queues only; an agent is
 * kept out of the console.
 */
let server: ServerProcess;
let browser: Browser;
let api: RestClient;
let adminToken: string;

before(async () => {
  [server, browser] = await Promise.all([startServerProcess(), launchChromium(440)]);
  api = await RestClient.signIn(server.url);
  adminToken = (await signInByApi('adam')).token;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signInToConfiguration(username: string): Promise<Page> {
  const page = await openPage(browser, `${server.url}/admin/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name: 'Configuration' }).click();
  await page.getByRole('heading', { name: 'Configuration', level: 1 }).waitFor();
  return page;
}

async function openSection(page: Page, section: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Configuration sections' }).getByRole('button', { name: section }).click();
  await page.getByRole('heading', { name: section, level: 2 }).waitFor();
}

/** The texts that describe a control (aria-describedby), as a screen reader would read them. */
async function descriptionOf(control: Locator): Promise<string> {
  return control.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

async function assertFieldError(control: Locator, message: string): Promise<void> {
  assert.equal(await control.getAttribute('aria-invalid'), 'true');
  assert.ok((await descriptionOf(control)).includes(message), `expected "${message}" in: ${await descriptionOf(control)}`);
}

async function signInByApi(username: string): Promise<{ token: string; user: unknown }> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  });
  assert.equal(response.status, 200);
  return (await response.json()) as { token: string; user: unknown };
}

/** What another admin does meanwhile, straight through the REST API. */
async function asOtherAdmin<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

const queueNamed = async (name: string) => (await api.get<AdminQueue[]>('/api/queues')).find((q) => q.name === name);

describe('console configuration as an admin', () => {
  test('creating a queue: an invalid value is refused next to its field and nothing is saved; a valid one is listed and stored', async () => {
    const page = await signInToConfiguration('adam');
    await openSection(page, 'Queues');
    await page.getByRole('button', { name: 'New queue' }).click();
    const dialog = page.getByRole('dialog', { name: 'New queue' });
    await dialog.getByLabel('Display name').fill('Billing');
    await dialog.getByLabel('Queue name').fill('billing');
    await dialog.getByLabel('Routing strategy').selectOption({ label: 'Best skilled' });
    await dialog.getByLabel('Call recording').selectOption({ label: 'Record every call' });
    await dialog.getByLabel('Ring timeout').fill('0.5');
    await dialog.getByLabel('Longest wait').fill('90');
    await dialog.getByRole('radio', { name: 'Move it to another queue' }).check();
    await dialog.getByLabel('Overflow queue').selectOption({ label: 'Support' });
    await dialog.getByRole('button', { name: 'Create queue' }).click();

    const ringTimeout = dialog.getByLabel('Ring timeout');
    await dialog.getByRole('alert').filter({ hasText: 'One field needs attention' }).waitFor();
    await assertFieldError(ringTimeout, 'Must be at least 1 second.');
    // The first field in trouble takes focus, so a keyboard user lands on it.
    assert.equal(await ringTimeout.evaluate((el) => el === document.activeElement), true);
    assert.equal(await queueNamed('billing'), undefined, 'nothing is saved while a field is invalid');

    await ringTimeout.fill('25');
    await dialog.getByRole('button', { name: 'Create queue' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Queue Billing created.' }).waitFor();
    await page.getByRole('rowheader', { name: /Billing/ }).waitFor();

    const billing = await queueNamed('billing');
    const support = await queueNamed('support');
    assert.ok(billing && support);
    assert.equal(billing.displayName, 'Billing');
    assert.equal(billing.strategy, 'skills-based');
    assert.equal(billing.recordingPolicy, 'all');
    assert.equal(billing.ringTimeoutMs, 25_000);
    assert.equal(billing.maxWaitMs, 90_000);
    assert.deepEqual(billing.overflow, { kind: 'queue', queueId: support.id });
    await page.context().close();
  });

  test("the server's field errors from a 400 are shown next to the field", async () => {
    // A skill deleted by another admin while this form was open: only the server knows.
    const doomed = await asOtherAdmin<Skill>('POST', '/api/skills', { name: 'doomed' });
    const page = await signInToConfiguration('adam');
    await openSection(page, 'Queues');
    await page.getByRole('button', { name: 'New queue' }).click();
    const dialog = page.getByRole('dialog', { name: 'New queue' });
    await dialog.getByLabel('Display name').fill('Doomed');
    await dialog.getByLabel('Queue name').fill('doomed');
    await dialog.getByRole('button', { name: 'Add skill' }).click();
    await dialog.getByLabel('Skill 1', { exact: true }).selectOption({ label: 'doomed' });
    await dialog.getByLabel('Minimum level of skill 1').fill('3');
    await asOtherAdmin('DELETE', `/api/skills/${doomed.id}`);

    await dialog.getByRole('button', { name: 'Create queue' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'One field needs attention' }).waitFor();
    await assertFieldError(dialog.getByLabel('Skill 1', { exact: true }), 'No such skill.');
    assert.equal(await queueNamed('doomed'), undefined);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.context().close();
  });

  test('creating a user with a skill level and a queue membership', async () => {
    const page = await signInToConfiguration('adam');
    await page.getByRole('heading', { name: 'Users', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Full name').fill('Carol Diaz');
    await dialog.getByLabel('Username').fill('carol');
    await dialog.getByLabel('Role').selectOption({ label: 'Agent' });
    await dialog.getByLabel('Team').selectOption({ label: 'Team A' });
    await dialog.getByLabel('Password', { exact: true }).fill('carol-secret');
    await dialog.getByRole('button', { name: 'Add skill' }).click();
    await dialog.getByLabel('Skill 1', { exact: true }).selectOption({ label: 'billing' });
    await dialog.getByLabel('Level of skill 1').fill('7');
    await dialog.getByRole('button', { name: 'Add queue' }).click();
    await dialog.getByLabel('Queue 1', { exact: true }).selectOption({ label: 'Sales' });
    await dialog.getByLabel('Tier of queue 1').fill('2');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('list', { name: 'Skills of Carol Diaz' }).getByText('billing').waitFor();

    const [users, skills, queues, teams] = await Promise.all([
      api.get<AdminUser[]>('/api/users'),
      api.get<Skill[]>('/api/skills'),
      api.get<AdminQueue[]>('/api/queues'),
      api.get<Team[]>('/api/teams'),
    ]);
    const carol = users.find((u) => u.username === 'carol');
    assert.ok(carol);
    assert.equal(carol.role, 'agent');
    assert.equal(carol.teamId, teams.find((t) => t.name === 'Team A')?.id);
    assert.deepEqual(carol.skills, [{ skillId: skills.find((s) => s.name === 'billing')!.id, level: 7 }]);
    assert.deepEqual(carol.memberships, [{ queueId: queues.find((q) => q.name === 'sales')!.id, tier: 2 }]);
    // The password typed in the form is the one she signs in with.
    await RestClient.signIn(server.url, 'carol', 'carol-secret');
    await page.context().close();
  });

  test('mapping a phone number to the new queue', async () => {
    const page = await signInToConfiguration('adam');
    await openSection(page, 'Phone numbers');
    await page.getByRole('button', { name: 'New phone number' }).click();
    const dialog = page.getByRole('dialog', { name: 'New phone number' });
    await dialog.getByLabel('Phone number').fill('+49 30 555-000');
    await dialog.getByLabel('Label').fill('Billing hotline');
    await dialog.getByLabel('Queue').selectOption({ label: 'Billing' });
    await dialog.getByLabel('Trunk').selectOption({ label: 'local-test' });
    await dialog.getByRole('button', { name: 'Add number' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('rowheader', { name: '+4930555000' }).waitFor();

    const entry = await api.get<PhoneNumber>(`/api/phone-numbers/${encodeURIComponent('+4930555000')}`);
    const trunks = await api.get<SipTrunk[]>('/api/trunks');
    assert.deepEqual(entry, {
      number: '+4930555000',
      queueId: (await queueNamed('billing'))?.id,
      trunkId: trunks.find((t) => t.name === 'local-test')?.id,
      label: 'Billing hotline',
    });
    await page.context().close();
  });
});

describe('console configuration for other roles', () => {
  test('a supervisor reads queues but cannot change them, and is told the rest is for admins', async () => {
    const page = await signInToConfiguration('sara');
    await page.getByRole('heading', { name: 'Queues', level: 2 }).waitFor();
    await page.getByRole('note').filter({ hasText: 'Read-only: only admins can create or change queues.' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'New queue' }).count(), 0);

    await page.getByRole('button', { name: 'View Support' }).click();
    const dialog = page.getByRole('dialog', { name: 'Support' });
    assert.equal(await dialog.getByLabel('Display name').isDisabled(), true);
    assert.equal(await dialog.getByLabel('Ring timeout').isDisabled(), true);
    assert.equal(await dialog.getByRole('button', { name: /Save|Delete/ }).count(), 0);
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await dialog.waitFor({ state: 'detached' });

    await openSection(page, 'Users');
    await page.getByRole('note').filter({ hasText: 'Only admins can see and manage users.' }).waitFor();
    assert.equal(await page.getByRole('table').count(), 0);
    await page.context().close();
  });

  test('an agent cannot open the console, not even with a session left in the browser', async () => {
    const page = await openPage(browser, `${server.url}/admin/`);
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /This console is for supervisors and admins/);
    assert.equal(await page.getByRole('navigation', { name: 'Console sections' }).count(), 0);

    // An agent's token placed where the console keeps its session is not restored.
    const { token, user } = await signInByApi('alice');
    await page.evaluate((session) => sessionStorage.setItem('cc.console.session', session), JSON.stringify({ token, user }));
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Console sections' }).count(), 0);
    await page.context().close();
  });
});
