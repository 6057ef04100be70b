import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const serverDir = resolve(import.meta.dirname, '..');

export interface SpawnedServer {
  url: string;
  process: ChildProcess;
  output(): string;
  /** Stops the process (SIGTERM by default: it ends its calls first) and waits for it. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * The real server, started as `npm start` does (`src/main.ts`), resolved once it says
 * where it listens. Used by the multi-node tests and the end-to-end suite alike.
 */
export async function spawnServer(
  env: NodeJS.ProcessEnv,
  options: { label?: string; echo?: boolean; startTimeoutMs?: number } = {},
): Promise<SpawnedServer> {
  const label = options.label ?? 'server';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    // Several servers run at once in tests: SIP only where a test asks for it (own port).
    env: { SIP_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start:\n${output}`)), options.startTimeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.echo) process.stderr.write(`[${label}] ${chunk}`);
      const m = output.match(/running on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${label} exited with ${code}:\n${output}`)));
  });
  return {
    url,
    process: child,
    output: () => output,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}
