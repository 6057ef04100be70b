import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { resolve } from 'node:path';
import type { CallOffer, CallStatus, ProducerInfo } from '@cc/shared';
import { Device, type types } from 'mediasoup-client';
import { io } from 'socket.io-client';
import type { ClientSocket } from './harness.ts';

/**
 * Simulated agents for load tests and benchmarks: each is a socket.io client signed in
 * as an agent that answers every offer and then takes part in the media as a real
 * WebRTC endpoint, through mediasoup-client's Chrome111 handler over libwebrtc in Node
 * (@roamhq/wrtc). It sends a 440 Hz tone in the call's send codec (G.711 for a phone
 * leg, so the SFU forwards it to the phone untranscoded) and receives the other side,
 * counting what arrives. No browser, no microphone; the media path is the browser's.
 *
 * A fleet of them runs in child processes (SimulatedAgentFleet), so that a hundred
 * pairs of peer connections do not share an event loop with the server under test.
 */

interface Wrtc {
  RTCPeerConnection: unknown;
  MediaStream: unknown;
  MediaStreamTrack: unknown;
  RTCRtpTransceiver: unknown;
  RTCRtpSender: unknown;
  RTCRtpReceiver: unknown;
  RTCSessionDescription: unknown;
  RTCIceCandidate: unknown;
  nonstandard: {
    RTCAudioSource: new () => {
      createTrack(): types.Producer['track'] & { stop(): void };
      onData(data: { samples: Int16Array; sampleRate: number; bitsPerSample?: number; channelCount?: number; numberOfFrames?: number }): void;
    };
  };
}

/** Loaded lazily: the parent of a fleet never needs libwebrtc. */
let wrtc: Wrtc | null = null;
function loadWebRtc(): Wrtc {
  if (wrtc) return wrtc;
  wrtc = createRequire(import.meta.url)('@roamhq/wrtc') as Wrtc;
  // mediasoup-client's browser handlers use the browser's globals.
  for (const name of ['RTCPeerConnection', 'MediaStream', 'MediaStreamTrack', 'RTCRtpTransceiver', 'RTCRtpSender', 'RTCRtpReceiver', 'RTCSessionDescription', 'RTCIceCandidate'] as const) {
    (globalThis as Record<string, unknown>)[name] ??= wrtc[name];
  }
  return wrtc;
}

/** An agent's talk spurts: the tone for talkMs, then silence (no RTP at all) for pauseMs. */
export interface AgentSpeech {
  talkMs: number;
  pauseMs: number;
}

/** What one agent saw of one call; times are epoch milliseconds (comparable across processes). */
export interface AgentCallReport {
  callId: string;
  agent: string;
  offeredAt: number;
  answeredAt: number | null;
  /** When the send transport connected (ICE + DTLS) and the producer existed. */
  producingAt: number | null;
  producerId: string | null;
  /** When the first consumer (the phone's audio) was resumed. */
  consumingAt: number | null;
  sendCodec: string | null;
  endedAt: number | null;
  endReason: string | null;
  packetsSent: number;
  packetsReceived: number;
  bytesReceived: number;
  error: string | null;
}

/**
 * What the agents of one process share: a 440 Hz tone (one RTCAudioSource fed 10 ms
 * frames of 16-bit PCM by one timer; every agent's sender still encodes and sends its
 * own RTP stream from it) and one loaded mediasoup-client Device per router
 * capabilities (every call's router has the same codecs, and a Device holds only
 * capabilities, so creating one per call would only cost a peer connection each).
 * Default 8 kHz: the phone leg's G.711 rate, so nothing resamples.
 */
export class AgentMediaKit {
  private readonly devices = new Map<string, Promise<Device>>();
  private source: InstanceType<Wrtc['nonstandard']['RTCAudioSource']> | null = null;
  private sharedTrack: ReturnType<InstanceType<Wrtc['nonstandard']['RTCAudioSource']>['createTrack']> | null = null;
  private readonly frame: Int16Array;
  private timer: NodeJS.Timeout | null = null;
  private sentUntil = 0;

  constructor(
    /** Talk spurts: the tone for talkMs, then nothing (no RTP) for pauseMs. Default: continuous. */
    private readonly speech: AgentSpeech | null = null,
    private readonly sampleRate = 8000,
    frequency = 440,
  ) {
    const samples = sampleRate / 100;
    this.frame = new Int16Array(samples);
    for (let i = 0; i < samples; i++) this.frame[i] = Math.round(6000 * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
  }

  /** The tone's track; producers must not stop it (stopTracks: false). */
  get track() {
    if (!this.sharedTrack) {
      this.source = new (loadWebRtc().nonstandard.RTCAudioSource)();
      this.sharedTrack = this.source.createTrack();
      this.startTone();
    }
    return this.sharedTrack;
  }

  device(routerRtpCapabilities: unknown): Promise<Device> {
    const key = JSON.stringify(routerRtpCapabilities);
    let device = this.devices.get(key);
    if (!device) {
      loadWebRtc();
      const fresh = new Device({ handlerName: 'Chrome111' });
      device = fresh.load({ routerRtpCapabilities: routerRtpCapabilities as types.RtpCapabilities }).then(() => fresh);
      this.devices.set(key, device);
    }
    return device;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sharedTrack?.stop();
    this.sharedTrack = null;
  }

  private talking(at: number): boolean {
    if (!this.speech) return true;
    return at % (this.speech.talkMs + this.speech.pauseMs) < this.speech.talkMs;
  }

  /** After a stall the tone catches up (libwebrtc takes the burst), at most a second at once. */
  private startTone(): void {
    this.sentUntil = performance.now();
    const data = { samples: this.frame, sampleRate: this.sampleRate, bitsPerSample: 16, channelCount: 1, numberOfFrames: this.frame.length };
    this.timer = setInterval(() => {
      const now = performance.now();
      if (now - this.sentUntil > 1000) this.sentUntil = now - 1000;
      for (; this.sentUntil + 10 <= now; this.sentUntil += 10) if (this.talking(this.sentUntil)) this.source!.onData(data);
    }, 10);
  }
}

/** One agent signed in over socket.io; answers every offer and joins the media. */
export class SimulatedAgent {
  readonly calls = new Map<string, AgentCallReport>();
  private readonly sessions = new Map<string, AgentMediaSession>();
  private closed = false;

  private constructor(
    readonly name: string,
    private readonly socket: ClientSocket,
    private readonly kit: AgentMediaKit,
  ) {
    socket.on('call:offered', (offer) => void this.onOffered(offer));
    socket.on('call:state-changed', (status) => void this.onStatus(status));
    socket.on('media:producer-added', (info) => this.sessions.get(info.callId)?.consumeWhenReady(info));
  }

  static async signIn(url: string, token: string, kit: AgentMediaKit, name = 'agent'): Promise<SimulatedAgent> {
    const socket: ClientSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((done, fail) => {
      socket.once('connect', () => done());
      socket.once('connect_error', fail);
    });
    const agent = new SimulatedAgent(name, socket, kit);
    await agent.request('agent:set-status', { status: 'available' });
    return agent;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
    this.socket.disconnect();
  }

  /** A command's data, or an error with the server's message. */
  async request(name: string, payload: unknown): Promise<any> {
    const ack = await (this.socket.timeout(10_000) as any).emitWithAck(name, payload);
    if (!ack?.ok) throw new Error(`${name}: ${ack?.error?.message ?? 'no answer'}`);
    return ack.data;
  }

  private async onOffered(offer: CallOffer): Promise<void> {
    const report: AgentCallReport = {
      callId: offer.callId,
      agent: this.name,
      offeredAt: Date.now(),
      answeredAt: null,
      producingAt: null,
      producerId: null,
      consumingAt: null,
      sendCodec: null,
      endedAt: null,
      endReason: null,
      packetsSent: 0,
      packetsReceived: 0,
      bytesReceived: 0,
      error: null,
    };
    this.calls.set(offer.callId, report);
    try {
      report.answeredAt = Date.now();
      const joined = await this.request('call:answer', { callId: offer.callId });
      report.sendCodec = joined.sendCodec?.mimeType ?? null;
      const session = new AgentMediaSession(this, joined, this.kit, () => (report.consumingAt ??= Date.now()));
      this.sessions.set(offer.callId, session);
      await session.start();
      report.producerId = session.producerId;
      report.producingAt = Date.now();
    } catch (error) {
      report.error = (error as Error).message;
    }
  }

  private async onStatus(status: CallStatus): Promise<void> {
    if (status.state !== 'ended') return;
    const report = this.calls.get(status.callId);
    if (!report || report.endedAt) return;
    report.endedAt = Date.now();
    report.endReason = status.endReason;
    const session = this.sessions.get(status.callId);
    this.sessions.delete(status.callId);
    if (!session) return;
    // The local peer connections keep their counters after the SFU closed its side.
    Object.assign(report, await session.counters().catch(() => ({})));
    session.close();
  }
}

/**
 * One call's media, as packages/client-core's CallMediaSession drives it: a send
 * transport producing the tone in the call's send codec, a receive transport consuming
 * the caller's audio (resumed once the local consumer exists).
 */
class AgentMediaSession {
  private device!: Device;
  private sendTransport: types.Transport | undefined;
  private recvTransport: types.Transport | undefined;
  private producer: types.Producer | undefined;
  private readonly consumed = new Set<string>();
  private readonly pending: ProducerInfo[] = [];
  private ready = false;
  private closed = false;

  constructor(
    private readonly agent: SimulatedAgent,
    private readonly joined: { callId: string; routerRtpCapabilities: unknown; producers: ProducerInfo[]; sendCodec?: { mimeType: string; clockRate: number } | null },
    private readonly kit: AgentMediaKit,
    private readonly onConsuming: () => void,
  ) {}

  get producerId(): string | null {
    return this.producer?.id ?? null;
  }

  async start(): Promise<void> {
    const { callId } = this.joined;
    this.device = await this.kit.device(this.joined.routerRtpCapabilities);
    const wanted = this.joined.sendCodec;
    const codec = wanted
      ? this.device.rtpCapabilities.codecs?.find(
          (c) => c.mimeType.toLowerCase() === wanted.mimeType.toLowerCase() && c.clockRate === wanted.clockRate,
        )
      : undefined;
    if (wanted && !codec) throw new Error(`cannot send ${wanted.mimeType}`);
    // Unlike the desktop, which joins step by step, both transports are made at once and
    // the phone is consumed while the tone is produced: fewer round trips in a row, so
    // set-up keeps up when a hundred calls arrive together.
    const [sendOptions, recvOptions] = await Promise.all(
      (['send', 'recv'] as const).map((direction) => this.agent.request('media:create-transport', { callId, direction })),
    );
    this.sendTransport = this.device.createSendTransport(sendOptions);
    this.recvTransport = this.device.createRecvTransport(recvOptions);
    for (const transport of [this.sendTransport, this.recvTransport]) {
      transport.on('connect', ({ dtlsParameters }, callback, errback) => {
        this.agent.request('media:connect-transport', { callId, transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
      });
    }
    this.sendTransport.on('produce', ({ kind, rtpParameters }, callback, errback) => {
      this.agent
        .request('media:produce', { callId, transportId: this.sendTransport!.id, kind, rtpParameters })
        .then(({ producerId }) => callback({ id: producerId }), errback);
    });
    this.ready = true;
    const consuming = Promise.all([...this.joined.producers, ...this.pending.splice(0)].map((info) => this.consume(info)));
    consuming.catch(() => undefined); // awaited below, unless producing fails first
    this.producer = await this.sendTransport.produce({ track: this.kit.track, stopTracks: false, ...(codec ? { codec } : {}) });
    await consuming;
  }

  consumeWhenReady(info: ProducerInfo): void {
    if (!this.ready) this.pending.push(info);
    else void this.consume(info).catch(() => undefined);
  }

  /** Packets this side sent, and packets and bytes it received, over the call. */
  async counters(): Promise<{ packetsSent: number; packetsReceived: number; bytesReceived: number }> {
    const out = { packetsSent: 0, packetsReceived: 0, bytesReceived: 0 };
    const sent = await this.sendTransport?.getStats();
    sent?.forEach((s: { type?: string; packetsSent?: number }) => {
      if (s.type === 'outbound-rtp') out.packetsSent += s.packetsSent ?? 0;
    });
    const received = await this.recvTransport?.getStats();
    received?.forEach((s: { type?: string; packetsReceived?: number; bytesReceived?: number }) => {
      if (s.type === 'inbound-rtp') {
        out.packetsReceived += s.packetsReceived ?? 0;
        out.bytesReceived += s.bytesReceived ?? 0;
      }
    });
    return out;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.producer?.close();
    this.sendTransport?.close();
    this.recvTransport?.close();
  }

  private async consume(info: ProducerInfo): Promise<void> {
    const { callId } = this.joined;
    if (this.closed || !this.recvTransport || info.from === 'agent' || this.consumed.has(info.producerId)) return;
    this.consumed.add(info.producerId);
    const options = await this.agent.request('media:consume', {
      callId,
      transportId: this.recvTransport.id,
      producerId: info.producerId,
      rtpCapabilities: this.device.rtpCapabilities,
    });
    if (this.closed) return;
    const consumer = await this.recvTransport.consume(options);
    await this.agent.request('media:resume-consumer', { callId, consumerId: consumer.id });
    this.onConsuming();
  }
}

type FleetRequest =
  | { type: 'start'; url: string; tokens: string[]; first: number; speech: AgentSpeech | null; nice: number } | { type: 'reports' } | { type: 'close' };
type FleetReply =
  | { type: 'started' }
  | { type: 'reports'; calls: AgentCallReport[] }
  | { type: 'error'; message: string };

/**
 * Agents in child processes (node --import tsx this file), driven over IPC; agent i
 * signs in with tokens[i]. Default two processes: a process's peer connections share
 * one libwebrtc signalling thread and one event loop, and call set-up queues on them.
 * Default nice 10: the agents stand for browsers on other machines, and a hundred of
 * them (several libwebrtc threads per peer connection) would otherwise starve the
 * server under test, whose one WebRTC socket then overflows and drops DTLS handshakes.
 * close() is idempotent.
 */
export class SimulatedAgentFleet {
  private closing: Promise<void> | undefined;

  private constructor(private readonly children: AgentProcess[]) {}

  static async start(
    url: string,
    tokens: string[],
    options: { processes?: number; speech?: AgentSpeech | null; nice?: number; timeoutMs?: number } = {},
  ): Promise<SimulatedAgentFleet> {
    const count = Math.max(1, Math.min(options.processes ?? 2, tokens.length));
    const fleet = new SimulatedAgentFleet(Array.from({ length: count }, () => new AgentProcess()));
    const share = Math.ceil(tokens.length / count);
    try {
      await Promise.all(
        fleet.children.map((child, i) =>
          child.ask(
            {
              type: 'start',
              url,
              tokens: tokens.slice(i * share, (i + 1) * share),
              first: i * share,
              speech: options.speech ?? null,
              nice: options.nice ?? 10,
            },
            'started',
            options.timeoutMs ?? 60_000,
          ),
        ),
      );
    } catch (error) {
      await fleet.close();
      throw error;
    }
    return fleet;
  }

  /** The agents' processes (CPU and memory accounting). */
  get pids(): number[] {
    return this.children.flatMap((c) => (c.pid ? [c.pid] : []));
  }

  /** Every call each agent was offered, with its counters once it ended. */
  async reports(): Promise<AgentCallReport[]> {
    const replies = await Promise.all(this.children.map((c) => c.ask({ type: 'reports' }, 'reports', 30_000)));
    return replies.flatMap((reply) => (reply.type === 'reports' ? reply.calls : []));
  }

  close(): Promise<void> {
    this.closing ??= Promise.all(this.children.map((c) => c.close())).then(() => undefined);
    return this.closing;
  }
}

/** One child process of a fleet. */
class AgentProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor() {
    this.child = fork(import.meta.filename, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((done) => this.child.once('exit', () => done()));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      if (this.child.connected) this.child.send({ type: 'close' } satisfies FleetRequest);
      const killer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await this.exited;
      clearTimeout(killer);
    }
  }

  ask(request: FleetRequest, expected: FleetReply['type'], timeoutMs: number): Promise<FleetReply> {
    return new Promise((done, fail) => {
      const timer = setTimeout(() => finish(new Error(`simulated agents: no ${expected} within ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (reply: FleetReply) => {
        if (reply.type === 'error') finish(new Error(`simulated agents: ${reply.message}`));
        else if (reply.type === expected) finish(null, reply);
      };
      const onExit = (code: number | null) => finish(new Error(`simulated agents exited (${code})`));
      const finish = (error: Error | null, reply?: FleetReply) => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        if (error) fail(error);
        else done(reply!);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(request);
    });
  }
}

/** The child's side of the fleet. */
function serveFleet(): void {
  let kit: AgentMediaKit | null = null;
  const agents: SimulatedAgent[] = [];
  const reply = (message: FleetReply) => process.send!(message);
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (request: FleetRequest) => {
    try {
      switch (request.type) {
        case 'start': {
          // Before libwebrtc starts its threads, which inherit it.
          setPriority(request.nice);
          kit ??= new AgentMediaKit(request.speech);
          // A few at a time: a hundred sign-ins at once only queue up in the server.
          for (let i = 0; i < request.tokens.length; i += 10) {
            const batch = request.tokens.slice(i, i + 10);
            agents.push(...(await Promise.all(batch.map((token, j) => SimulatedAgent.signIn(request.url, token, kit!, `agent-${request.first + i + j}`)))));
          }
          reply({ type: 'started' });
          return;
        }
        case 'reports':
          reply({ type: 'reports', calls: agents.flatMap((a) => [...a.calls.values()]) });
          return;
        case 'close':
          for (const agent of agents) agent.close();
          kit?.close();
          process.exit(0);
      }
    } catch (error) {
      reply({ type: 'error', message: (error as Error).message });
    }
  });
}

if (process.send && process.argv[1] && resolve(process.argv[1]) === import.meta.filename) serveFleet();
