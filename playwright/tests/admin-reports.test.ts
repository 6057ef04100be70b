import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';

let server: ServerProcess;
let browser: Browser;

/**
 * A day of history written into the server's database: on 2 March 2026 (UTC), in support
 * (service level 20 s) K1 answered by Alice after 8 s, talk 120 s, wrap-up 12 s; K2 answered
 * by Bob after 30 s, talk 180 s, wrap-up 18 s; K3 abandoned after 45 s; in sales K4
 * answered by Alice after 5 s, talk 60 s, wrap-up 10 s. By hand, support: 3 offered,
 * 2 answered, 1 abandoned, answer rate 66.7 %, service level 1/3 = 33.3 %, ASA (8+30)/2 =
 * 0:19, AHT (132+198)/2 = 2:45, abandon wait 0:45; all queues: 4, 3, 1, 75 %, 50 %,
 * ASA 43/3 = 0:14, AHT 400/3 = 2:13.
 */
async function writeHistory(): Promise<void> {
  const db = server.db;
  const ids = async (sql: string) => Object.fromEntries((await db.query<{ id: string; name: string }>(sql)).rows.map((r) => [r.name, r.id]));
  const queue = await ids('select id, name from queues');
  const user = await ids('select id, username as name from users');
  const at = (hms: string) => new Date(`2026-03-02T${hms}Z`);
  const call = async (label: string, q: string, offered: string, outcome: { agent?: string; answered?: string; ended: string; reason: string }) => {
    const id = randomUUID();
    await db.query(
      `insert into calls (id, queue_id, channel, caller_label, agent_id, state, end_reason, offered_at, answered_at, ended_at, node_id)
       values ($1, $2, 'web', $3, $4, 'ended', $5, $6, $7, $8, 'e2e')`,
      [id, queue[q], label, outcome.agent ? user[outcome.agent] : null, outcome.reason, at(offered), outcome.answered ? at(outcome.answered) : null, at(outcome.ended)],
    );
    const steps: Array<[string, string, string | null, object]> = [[offered, 'queued', null, { queue: q, channel: 'web' }]];
    if (outcome.agent && outcome.answered) steps.push([outcome.answered, 'offered', outcome.agent, {}], [outcome.answered, 'answered', outcome.agent, {}]);
    steps.push([outcome.ended, 'ended', outcome.agent ?? null, { reason: outcome.reason }]);
    for (const [time, type, agent, data] of steps) {
      await db.query('insert into call_events (call_id, at, type, agent_id, data) values ($1, $2, $3, $4, $5)', [
        id,
        at(time),
        type,
        agent ? user[agent] : null,
        JSON.stringify(data),
      ]);
    }
    return id;
  };
  const states = async (agent: string, changes: Array<[string, string, string?]>) => {
    for (const [time, status, callId] of changes) {
      await db.query('insert into agent_state_changes (user_id, at, status, call_id) values ($1, $2, $3, $4)', [user[agent], at(time), status, callId ?? null]);
    }
  };
  const k1 = await call('Caller K1', 'support', '09:00:00', { agent: 'alice', answered: '09:00:08', ended: '09:02:08', reason: 'agent-hangup' });
  const k2 = await call('Caller K2', 'support', '09:05:00', { agent: 'bob', answered: '09:05:30', ended: '09:08:30', reason: 'customer-hangup' });
  await call('Caller K3', 'support', '09:10:00', { ended: '09:10:45', reason: 'abandoned' });
  const k4 = await call('Caller K4', 'sales', '10:00:00', { agent: 'alice', answered: '10:00:05', ended: '10:01:05', reason: 'agent-hangup' });
  await states('alice', [
    ['08:55:00', 'available'], ['09:00:08', 'on-call', k1], ['09:02:08', 'wrap-up', k1], ['09:02:20', 'available'],
    ['10:00:05', 'on-call', k4], ['10:01:05', 'wrap-up', k4], ['10:01:15', 'available'], ['11:00:00', 'offline'],
  ]);
  await states('bob', [['09:00:00', 'available'], ['09:05:30', 'on-call', k2], ['09:08:30', 'wrap-up', k2], ['09:08:48', 'available'], ['10:00:00', 'offline']]);
}

before(async () => {
  [server, browser] = await Promise.all([startServerProcess(), launchChromium(440)]);
  await writeHistory();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openReports(username: string): Promise<Page> {
  const context = await browser.newContext({ timezoneId: 'UTC', acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(`${server.url}/admin/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name: 'Reports' }).click();
  await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  await page.getByRole('group', { name: 'Period' }).getByRole('button', { name: 'Custom' }).click();
  await page.getByLabel('From', { exact: true }).fill('2026-03-02');
  await page.getByLabel('To', { exact: true }).fill('2026-03-02');
  return page;
}

const cellsOf = (page: Page, table: string, row: string) =>
  page.getByRole('table', { name: table }).getByRole('row', { name: new RegExp(`^${row}`) }).getByRole('cell').allTextContents();

test('a supervisor reads the queue and agent figures of a day and downloads them as CSV', async () => {
  const page = await openReports('sara');
  const support = page.getByRole('table', { name: 'Queues' }).getByRole('row', { name: /^Support/ });
  // Offered, answered, abandoned, overflowed, answer rate, service level, ASA, AHT, abandon wait.
  await support.getByRole('cell').first().filter({ hasText: '3' }).waitFor();
  assert.deepEqual(await cellsOf(page, 'Queues', 'Support'), ['3', '2', '1', '0', '66.7 %', '33.3 %', '0:19', '2:45', '0:45']);
  assert.deepEqual(await cellsOf(page, 'Queues', 'All queues'), ['4', '3', '1', '0', '75 %', '50 %', '0:14', '2:13', '0:45']);
  // Alice: 2 offered and answered (ASA 6.5 s → 0:07), AHT (132 + 70) / 2 = 1:41, signed in
  // 08:55–11:00, occupancy (180 + 22) / 7500 = 2.7 %.
  assert.deepEqual(await cellsOf(page, 'Agents', 'Alice Martin'), ['2', '2', '0', '0', '100 %', '0:07', '1:41', '2 h 5 min', '2.7 %']);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download queue report as CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'queue-report_2026-03-02_to_2026-03-02_total.csv');
  const csv = await readFile(await download.path(), 'utf8');
  assert.ok(
    csv.split('\r\n').includes('2026-03-02T00:00:00Z,2026-03-03T00:00:00Z,Support,support,3,2,1,0,1,66.67,33.33,19.0,2,165.0,150.0,15.0,45.0'),
    csv,
  );

  const [byHour] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download queue report by hour as CSV' }).click(),
  ]);
  assert.equal(byHour.suggestedFilename(), 'queue-report_2026-03-02_to_2026-03-02_by-hour.csv');
  await page.context().close();
});

test("a call's log opens from the call records", async () => {
  const page = await openReports('sara');
  await page.getByRole('tab', { name: 'Call records' }).click();
  await page.getByText('4 calls offered in this period').waitFor();
  await page.getByRole('button', { name: /^Details of the call from Caller K2/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Call from Caller K2' });
  const log = dialog.getByRole('list', { name: 'Call log' });
  await log.getByText('Answered by Bob Chen').waitFor();
  assert.deepEqual(await log.getByRole('listitem').allTextContents(), [
    '+0:00Entered the queue support from the web',
    '+0:30Rang at Bob Chen',
    '+0:30Answered by Bob Chen',
    '+3:30Call ended: caller hung up',
  ]);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('combobox', { name: 'Outcome' }).selectOption('abandoned');
  await page.getByText('1 call offered in this period').waitFor();
  await page.context().close();
});
