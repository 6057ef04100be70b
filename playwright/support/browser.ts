import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium, type Browser } from 'playwright-core';

const toneDir = join(tmpdir(), 'cc-e2e-tones');

/** A 30 s sine tone at `hz` (48 kHz, 16-bit mono WAV) made with sox; Chromium loops it. */
export function toneFile(hz: number): string {
  mkdirSync(toneDir, { recursive: true });
  const file = join(toneDir, `tone-${hz}.wav`);
  if (!existsSync(file)) {
    execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', file, 'synth', '30', 'sine', String(hz), 'vol', '0.5']);
  }
  return file;
}

/**
 * Debian's Chromium whose fake microphone plays a tone file. One browser per tone:
 * the fake capture file is a process-wide flag.
 */
export function launchChromium(microphoneToneHz: number): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${toneFile(microphoneToneHz)}`,
      '--autoplay-policy=no-user-gesture-required',
      '--allow-loopback-in-peer-connection',
    ],
  });
}
