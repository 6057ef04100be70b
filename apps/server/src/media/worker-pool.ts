import { EventEmitter } from 'node:events';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from '../logging/logger.ts';

export interface WorkerPoolOptions {
  workers: number;
  listenIp: string;
  announcedIp: string | undefined;
  /** Worker i's WebRtcServer listens on basePort + i, UDP and TCP. */
  basePort: number;
  /** Where the worker binds its other transports (plain ones to the SIP relay). Default mediasoup's, 10000-59999. */
  mediaPorts?: { min: number; max: number };
  /** Delay before a dead worker is replaced. Default 1 000 ms. */
  restartDelayMs?: number;
}

interface Slot {
  index: number;
  worker: types.Worker | null;
  webRtcServer: types.WebRtcServer | null;
  routers: number;
}

export interface WorkerPoolEvents {
  /** A worker died; mediasoup has closed its routers (their rooms see `workerclose`). */
  'worker-died': [index: number];
  'worker-restarted': [index: number];
}

/**
 * One mediasoup worker per core, each with one WebRtcServer (a single UDP+TCP port),
 * replaced when it dies. New routers go to the worker with the fewest.
 */
export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  private readonly slots: Slot[] = [];
  private closed = false;

  constructor(
    private readonly options: WorkerPoolOptions,
    private readonly log: Logger,
  ) {
    super();
  }

  /** Starts every worker; if one cannot, the ones already started are closed again. */
  async start(): Promise<void> {
    try {
      for (let index = 0; index < this.options.workers; index++) {
        const slot: Slot = { index, worker: null, webRtcServer: null, routers: 0 };
        this.slots.push(slot);
        await this.startWorker(slot);
      }
    } catch (err) {
      this.close();
      throw err;
    }
  }

  /** A router on the least-loaded live worker, with the WebRtcServer browsers connect to. */
  async createRouter(
    mediaCodecs: types.RtpCodecCapability[],
  ): Promise<{ router: types.Router; webRtcServer: types.WebRtcServer; workerIndex: number }> {
    const live = this.slots.filter((s) => s.worker && s.webRtcServer);
    const slot = live.sort((a, b) => a.routers - b.routers)[0];
    if (!slot) throw new Error('no mediasoup worker is running');
    const router = await slot.worker!.createRouter({ mediaCodecs });
    slot.routers += 1;
    router.observer.once('close', () => {
      slot.routers -= 1;
    });
    return { router, webRtcServer: slot.webRtcServer!, workerIndex: slot.index };
  }

  /** Live workers' process ids and router counts (health, benchmarks). */
  describe(): Array<{ index: number; pid: number | null; routers: number }> {
    return this.slots.map((s) => ({ index: s.index, pid: s.worker?.pid ?? null, routers: s.routers }));
  }

  /** For tests: kill a worker process as a crash would. */
  killWorkerForTesting(index: number): void {
    const pid = this.slots[index]?.worker?.pid;
    if (pid) process.kill(pid, 'SIGKILL');
  }

  close(): void {
    this.closed = true;
    for (const slot of this.slots) slot.worker?.close();
  }

  private async startWorker(slot: Slot): Promise<void> {
    const ports = this.options.mediaPorts;
    const worker = await mediasoup.createWorker({
      logLevel: 'warn',
      ...(ports ? { rtcMinPort: ports.min, rtcMaxPort: ports.max } : {}),
    });
    const port = this.options.basePort + slot.index;
    const listen = (protocol: 'udp' | 'tcp') => ({
      protocol,
      ip: this.options.listenIp,
      port,
      ...(this.options.announcedIp ? { announcedIp: this.options.announcedIp } : {}),
    });
    let webRtcServer: types.WebRtcServer;
    try {
      webRtcServer = await worker.createWebRtcServer({ listenInfos: [listen('udp'), listen('tcp')] });
    } catch (err) {
      // A worker left running would keep the process alive after a failed start.
      worker.close();
      throw new Error(`mediasoup worker ${slot.index} cannot listen on ${this.options.listenIp}:${port} (RTC_PORT + ${slot.index}): ${(err as Error).message}`, { cause: err });
    }
    slot.worker = worker;
    slot.webRtcServer = webRtcServer;
    slot.routers = 0;
    this.log.info({ worker: slot.index, pid: worker.pid, port }, 'mediasoup worker started');
    worker.on('died', (error) => {
      this.log.error({ err: error, worker: slot.index, pid: worker.pid }, 'mediasoup worker died');
      slot.worker = null;
      slot.webRtcServer = null;
      this.emit('worker-died', slot.index);
      if (this.closed) return;
      setTimeout(() => {
        if (this.closed) return;
        this.startWorker(slot).then(
          () => this.emit('worker-restarted', slot.index),
          (err) => this.log.error({ err, worker: slot.index }, 'mediasoup worker restart failed'),
        );
      }, this.options.restartDelayMs ?? 1000);
    });
  }
}
