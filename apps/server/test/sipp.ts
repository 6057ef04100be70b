import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const scenarioDir = resolve(import.meta.dirname, 'sipp');

export interface SippRun {
  /** SIPp's exit code: 0 when every call followed the scenario, 1 when some failed. */
  code: number;
  output: string;
}

let nextPort = 16000 + (process.pid % 200) * 20;

/**
 * Runs a SIPp scenario (apps/server/test/sipp/<name>.xml, run in that directory so it
 * finds its audio files) against the gateway: a real
 * SIP peer from Debian's sip-tester, bounded in calls and time, stopping by itself.
 */
export function runSipp(
  name: string,
  target: { port: number; transport?: 'u1' | 't1' | 'l1' },
  options: { service?: string; calls?: number; rate?: number; limit?: number; timeoutS?: number; extra?: string[] } = {},
): Promise<SippRun> {
  // SIPp takes its SIP port, and media ports from -mp up: audio, video and their RTCP.
  const port = (nextPort += 10);
  const args = [
    `127.0.0.1:${target.port}`,
    '-sf', resolve(scenarioDir, `${name}.xml`),
    '-s', options.service ?? '1000',
    '-i', '127.0.0.1',
    '-p', String(port),
    '-mp', String(port + 2),
    '-t', target.transport ?? 'u1',
    '-m', String(options.calls ?? 1),
    '-r', String(options.rate ?? 10),
    '-l', String(options.limit ?? options.calls ?? 1),
    '-timeout', `${options.timeoutS ?? 30}s`,
    '-timeout_error',
    '-nostdin',
    '-trace_err', '-error_file', `/tmp/sipp-${name}-${port}.log`,
    ...(options.extra ?? []),
  ];
  return spawnSipp(args);
}

/**
 * SIPp as the carrier behind our trunk (a UAS on `port`), answering the gateway's
 * outbound INVITEs as the scenario says. Resolves when the scenario's calls are done.
 */
export function runSippServer(name: string, port: number, options: { calls?: number; timeoutS?: number } = {}): Promise<SippRun> {
  const args = [
    '-sf', resolve(scenarioDir, `${name}.xml`),
    '-i', '127.0.0.1',
    '-p', String(port),
    '-mp', String(port + 2),
    '-m', String(options.calls ?? 1),
    '-timeout', `${options.timeoutS ?? 30}s`,
    '-timeout_error',
    '-nostdin',
    '-trace_err', '-error_file', `/tmp/sipp-${name}-${port}.log`,
  ];
  return spawnSipp(args);
}

function spawnSipp(args: string[]): Promise<SippRun> {
  return new Promise((done) => {
    const child = spawn('sipp', args, { cwd: scenarioDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => done({ code: code ?? -1, output }));
  });
}
