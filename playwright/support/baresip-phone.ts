import { type ChildProcess, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toneFile } from './browser.ts';

/** The codec a phone offers and answers with: exactly one, so its tone file fits. */
export type PhoneCodec = 'PCMU' | 'PCMA' | 'G722' | 'opus';

/**
 * baresip's name for each codec (name/sample rate/channels, as its `aucodec:` lines
 * say), and the format its `aufile` source insists the microphone file has: the
 * codec's own sample rate and channels, since baresip 1.0.0 does not resample it.
 */
const codecs: Record<PhoneCodec, { baresip: string; rate: number; channels: number }> = {
  PCMU: { baresip: 'PCMU/8000/1', rate: 8000, channels: 1 },
  PCMA: { baresip: 'PCMA/8000/1', rate: 8000, channels: 1 },
  G722: { baresip: 'G722/16000/1', rate: 16_000, channels: 1 },
  opus: { baresip: 'opus/48000/2', rate: 48_000, channels: 2 },
};

export interface PhoneOptions {
  /** The account's user part: the number the phone calls from, and the number it answers. */
  number: string;
  /** What the phone's microphone plays: a sine tone at this frequency. */
  toneHz: number;
  codec: PhoneCodec;
  /** `auto` picks up every incoming call at once (a far end on the trunk). Default `manual`. */
  answerMode?: 'manual' | 'auto';
}

/** A ctrl_tcp event: `type` is baresip's (CALL_INCOMING, CALL_RINGING, CALL_ESTABLISHED, CALL_RTPESTAB, CALL_CLOSED…). */
export interface PhoneEvent {
  type: string;
  param?: string;
  /** Date.now() when the test heard of it. */
  at: number;
}

/** The phone plays its tone for this long, then baresip ends the call: tests finish well before. */
const TONE_SECONDS = 120;

/**
 * A real SIP phone: Debian's baresip 1.0.0, run with a configuration of its own in a
 * temporary folder. Its microphone is a tone file (`aufile`); what it hears is decoded
 * and written to a WAV file by the `sndfile` filter (1.0.0's aufile cannot play to a
 * file), while the `aubridge` player takes the samples nowhere. The test drives it over
 * `ctrl_tcp` (netstring-framed JSON: commands in, responses and call events out).
 */
export class BaresipPhone {
  readonly events: PhoneEvent[] = [];
  private output = '';
  private socket: net.Socket | null = null;
  private received = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  private pending = new Map<string, { resolve: (data: string) => void; reject: (error: Error) => void }>();
  private nextToken = 1;
  private exited: Promise<void>;

  private constructor(
    readonly number: string,
    readonly sipPort: number,
    private readonly controlPort: number,
    private readonly dir: string,
    private readonly child: ChildProcess,
  ) {
    const collect = (chunk: Buffer) => {
      // Its console redraws a call timer with \r several times a second: only lines are kept.
      this.output += chunk.toString().replace(/[^\n]*\r(?!\n)/g, '');
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(options: PhoneOptions): Promise<BaresipPhone> {
    const codec = codecs[options.codec];
    const dir = mkdtempSync(join(tmpdir(), 'cc-e2e-baresip-'));
    const { sipPort, controlPort } = await freePorts();
    const tone = toneFile(options.toneHz, { rate: codec.rate, channels: codec.channels, seconds: TONE_SECONDS });
    writeFileSync(
      join(dir, 'config'),
      [
        'poll_method epoll',
        `sip_listen 127.0.0.1:${sipPort}`,
        // Everything on loopback: its SDP then says 127.0.0.1, the address the trunk allows.
        'net_interface 127.0.0.1',
        `audio_source aufile,${tone}`,
        'audio_player aubridge,nowhere',
        'audio_alert aubridge,nowhere',
        // Below Linux's ephemeral ports; baresip tries another port when one is taken.
        'rtp_ports 10000-15999',
        'module_path /usr/lib/baresip/modules',
        'module g711.so',
        'module g722.so',
        'module opus.so',
        'module aufile.so',
        'module aubridge.so',
        'module sndfile.so',
        'module ctrl_tcp.so',
        'module_tmp account.so',
        // The commands (dial, hangup, quit) ctrl_tcp passes on.
        'module_app menu.so',
        `ctrl_tcp_listen 127.0.0.1:${controlPort}`,
        `snd_path ${dir}`,
        '',
      ].join('\n'),
    );
    // regint=0: no registrar; the gateway's trunk admits it by address.
    const params = [`regint=0`, `answermode=${options.answerMode ?? 'manual'}`, `audio_codecs=${codec.baresip}`];
    writeFileSync(join(dir, 'accounts'), `<sip:${options.number}@127.0.0.1:${sipPort}>;${params.join(';')}\n`);

    // E2E_BARESIP_TRACE=1: SIP messages and debug lines in its log too.
    const trace = process.env.E2E_BARESIP_TRACE ? ['-s', '-v'] : [];
    const child = spawn('baresip', ['-f', dir, ...trace], { stdio: ['ignore', 'pipe', 'pipe'] });
    const phone = new BaresipPhone(options.number, sipPort, controlPort, dir, child);
    try {
      await phone.connectControl(10_000);
    } catch (error) {
      await phone.stop();
      throw new Error(`baresip did not start: ${(error as Error).message}\n${phone.log()}`);
    }
    return phone;
  }

  /** What baresip printed, for failure messages. */
  log(): string {
    return this.output;
  }

  dial(uri: string): Promise<string> {
    return this.command('dial', uri);
  }

  /** A key press during the call, sent as RFC 4733 events (when the call negotiated them). */
  sendDigit(digit: string): Promise<string> {
    return this.command('sndcode', digit);
  }

  /** Picks up the call that rings (answerMode `manual`). */
  answer(): Promise<string> {
    return this.command('accept');
  }

  hangup(): Promise<string> {
    return this.command('hangup');
  }

  /** The first event of `type` (at once if it has happened already). */
  async waitFor(type: string, timeoutMs = 10_000): Promise<PhoneEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = this.events.find((e) => e.type === type);
      if (event) return event;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`baresip: no ${type} within ${timeoutMs} ms; events: ${this.events.map((e) => e.type).join(', ')}\n${this.output}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The WAV file of what the phone heard (sndfile names it dump-<time>-dec.wav). */
  receivedAudioFile(): string {
    const file = readdirSync(this.dir).find((name) => name.endsWith('-dec.wav'));
    if (!file) throw new Error(`baresip recorded nothing in ${this.dir}\n${this.output}`);
    return join(this.dir, file);
  }

  /**
   * Quits baresip (SIGKILL if it has not gone after 3 s). Idempotent. The folder with
   * the recording stays until `remove()`.
   */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      if (this.socket && !this.socket.destroyed) this.command('quit').catch(() => undefined);
      else this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(timer);
    }
    this.socket?.destroy();
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private command(command: string, params?: string): Promise<string> {
    const socket = this.socket;
    if (!socket || socket.destroyed) return Promise.reject(new Error('baresip control connection is closed'));
    const token = String(this.nextToken++);
    const json = JSON.stringify({ command, ...(params === undefined ? {} : { params }), token });
    return new Promise((resolve, reject) => {
      this.pending.set(token, { resolve, reject });
      socket.write(`${Buffer.byteLength(json)}:${json},`);
    });
  }

  /** ctrl_tcp listens once baresip has loaded its modules: retried until then. */
  private async connectControl(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`exited with ${this.child.exitCode}`);
      try {
        this.socket = await new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect(this.controlPort, '127.0.0.1');
          socket.once('connect', () => resolve(socket));
          socket.once('error', reject);
        });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      for (const { reject } of this.pending.values()) reject(new Error('baresip control connection closed'));
      this.pending.clear();
    });
  }

  /** Netstrings: `<length>:<json>,`. */
  private onData(chunk: Buffer): void {
    this.received = Buffer.concat([this.received, chunk]);
    for (;;) {
      const colon = this.received.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.received.subarray(0, colon).toString());
      if (this.received.length < colon + 1 + length + 1) return;
      const json = this.received.subarray(colon + 1, colon + 1 + length).toString();
      this.received = this.received.subarray(colon + 1 + length + 1);
      this.onMessage(JSON.parse(json) as Record<string, unknown>);
    }
  }

  private onMessage(message: Record<string, unknown>): void {
    if (message.response) {
      const waiter = this.pending.get(String(message.token));
      this.pending.delete(String(message.token));
      if (message.ok) waiter?.resolve(String(message.data ?? ''));
      else waiter?.reject(new Error(`baresip refused: ${String(message.data)}`));
      return;
    }
    if (message.event) {
      this.events.push({ type: String(message.type), param: message.param === undefined ? undefined : String(message.param), at: Date.now() });
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    }
  }
}

/**
 * A SIP port (UDP and TCP, and TCP on the next port, where baresip puts TLS) and a
 * control port, all free now. Starts from a place that differs between test processes.
 */
async function freePorts(): Promise<{ sipPort: number; controlPort: number }> {
  const first = 17_000 + (process.pid % 250) * 8;
  for (let i = 0; i < 500; i++) {
    const sipPort = 17_000 + ((first - 17_000 + i * 4) % 4000);
    const controlPort = sipPort + 2;
    const free = await Promise.all([udpFree(sipPort), tcpFree(sipPort), tcpFree(sipPort + 1), tcpFree(controlPort)]);
    if (free.every(Boolean)) return { sipPort, controlPort };
  }
  throw new Error('no free ports for baresip');
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
