// Where the locally built mediasoup worker lives: outside node_modules (so `npm ci`
// keeps it) and keyed by version (so a mediasoup upgrade rebuilds).
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const MEDIASOUP_VERSION = '3.12.16';

export function workerBinPath(version = MEDIASOUP_VERSION) {
  const cacheRoot = process.env.CC_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'contact-center');
  const dir = join(cacheRoot, `mediasoup-worker-${version}`);
  mkdirSync(dir, { recursive: true });
  return join(dir, 'mediasoup-worker');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(workerBinPath());
