/**
 * Benchmark: N simultaneous browser calls (widget customer ↔ agent desktop) through a
 * real server, then the server's CPU and memory (Node process plus mediasoup workers)
 * while they talk. Run by hand; prints numbers, asserts nothing about speed.
 *
 *   TEST_DATABASE_URL=postgres://... node --import tsx bench/concurrent-calls.ts 1 20
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Page } from 'playwright-core';
import { inboundAudio, waitForAudio } from '../support/audio-probe.ts';
import { launchChromium } from '../support/browser.ts';
import { openPage, signInAvailable } from '../support/pages.ts';
import { startServerProcess } from '../support/server-process.ts';

const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (counts.length === 0) counts.push(1, 20);
const SAMPLE_SECONDS = 10;
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** CPU seconds and resident memory of a process and its children (the workers). */
function processTree(rootPid: number): { cpuSeconds: number; rssMb: number } {
  const pids = [rootPid, ...execFileSync('pgrep', ['-P', String(rootPid)]).toString().trim().split('\n').map(Number)];
  let ticks = 0;
  let rssPages = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      rssPages += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    } catch {
      // A process that ended between listing and reading.
    }
  }
  return { cpuSeconds: ticks / CLK_TCK, rssMb: (rssPages * 4096) / 1024 / 1024 };
}

async function run(calls: number) {
  const server = await startServerProcess({ RING_TIMEOUT_MS: '60000', WRAP_UP_MS: '0' });
  try {
    // Bench agents, one per call, in both queues.
    const hash = await bcrypt.hash('demo', 4);
    const { rows: queues } = await server.db.query(`select id from queues where name = 'support'`);
    for (let i = 1; i <= calls; i++) {
      const id = randomUUID();
      await server.db.query(
        `insert into users (id, username, display_name, role, password_hash) values ($1, $2, $3, 'agent', $4)`,
        [id, `bench${i}`, `Bench Agent ${i}`, hash],
      );
      await server.db.query('insert into queue_members (queue_id, user_id) values ($1, $2)', [queues[0].id, id]);
    }
    const [customerBrowser, agentBrowser] = await Promise.all([launchChromium(440), launchChromium(1000)]);
    const agents: Page[] = [];
    for (let i = 1; i <= calls; i++) {
      const page = await openPage(agentBrowser, `${server.url}/agent/`);
      await signInAvailable(page, `bench${i}`);
      agents.push(page);
    }
    const idle = processTree(server.pid);
    // Every agent answers whatever rings on their desktop, as soon as it rings.
    const answered = agents.map((a) => a.getByRole('button', { name: 'Answer' }).click({ timeout: 180_000 }));
    const customers: Page[] = [];
    const callsStarted = Date.now();
    for (let i = 0; i < calls; i++) {
      const page = await openPage(customerBrowser, `${server.url}/demo/`);
      await page.getByRole('button', { name: 'Call us' }).click();
      customers.push(page);
    }
    await Promise.all(answered);
    await Promise.all([...agents, ...customers].map((p) => waitForAudio(p, 120_000)));
    const allConnectedSeconds = (Date.now() - callsStarted) / 1000;
    const before = processTree(server.pid);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, SAMPLE_SECONDS * 1000));
    const afterSample = processTree(server.pid);
    const wall = (Date.now() - t0) / 1000;
    const packets = await Promise.all(customers.map((c) => inboundAudio(c)));
    const silent = packets.filter((p) => p.packetsReceived === 0).length;
    console.log(
      JSON.stringify({
        calls,
        allConnectedSeconds: +allConnectedSeconds.toFixed(1),
        serverCpuPercent: +(((afterSample.cpuSeconds - before.cpuSeconds) / wall) * 100).toFixed(1),
        serverRssMbIdle: +idle.rssMb.toFixed(0),
        serverRssMbInCalls: +afterSample.rssMb.toFixed(0),
        customersWithoutAudio: silent,
      }),
    );
    await customerBrowser.close();
    await agentBrowser.close();
  } finally {
    await server.stop();
  }
}

for (const n of counts) await run(n);
