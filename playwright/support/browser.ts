import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium, type Browser } from 'playwright-core';

const toneDir = join(tmpdir(), 'cc-e2e-tones');

/**
 * A sine tone at `hz` as a 16-bit WAV made with sox, at half scale. Defaults fit
 * Chromium's fake microphone, which loops it: 48 kHz, mono, 30 s. A SIP phone playing
 * the file needs it at its codec's rate and channels, and long enough for the call.
 */
export function toneFile(hz: number, format: { rate?: number; channels?: number; seconds?: number } = {}): string {
  const { rate = 48_000, channels = 1, seconds = 30 } = format;
  mkdirSync(toneDir, { recursive: true });
  const file = join(toneDir, rate === 48_000 && channels === 1 && seconds === 30 ? `tone-${hz}.wav` : `tone-${hz}-${rate}-${channels}ch-${seconds}s.wav`);
  if (!existsSync(file)) {
    // Written aside and renamed: test files running at once never read half a file.
    const partial = `${file}.${process.pid}.wav`;
    execFileSync('sox', ['-n', '-r', String(rate), '-c', String(channels), '-b', '16', partial, 'synth', String(seconds), 'sine', String(hz), 'vol', '0.5']);
    renameSync(partial, file);
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
