import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import prism from 'prism-media';

/**
 * Music on hold, shipped pre-encoded (apps/server/assets/): Ogg/Opus for browsers and
 * phones that speak Opus, raw G.711 for the rest, 20 ms per frame. The server plays it
 * into a call as RTP; nothing is decoded or encoded at run time.
 */
const assets = resolve(import.meta.dirname, '../../assets');

export type MusicCodec = 'audio/opus' | 'audio/PCMU' | 'audio/PCMA';

const frameCache = new Map<MusicCodec, Promise<Buffer[]>>();

/** The music's frames in `codec`, read once per process. */
export function musicFrames(codec: MusicCodec): Promise<Buffer[]> {
  let frames = frameCache.get(codec);
  if (!frames) {
    frames = codec === 'audio/opus' ? opusFrames(resolve(assets, 'music-on-hold.opus')) : g711Frames(codec);
    frameCache.set(codec, frames);
  }
  return frames;
}

export function isMusicCodec(mimeType: string): mimeType is MusicCodec {
  return mimeType === 'audio/opus' || mimeType === 'audio/PCMU' || mimeType === 'audio/PCMA';
}

async function g711Frames(codec: 'audio/PCMU' | 'audio/PCMA'): Promise<Buffer[]> {
  const raw = readFileSync(resolve(assets, codec === 'audio/PCMU' ? 'music-on-hold.ul' : 'music-on-hold.al'));
  const frames: Buffer[] = [];
  for (let i = 0; i + 160 <= raw.length; i += 160) frames.push(raw.subarray(i, i + 160));
  return frames;
}

/** Opus packets out of the Ogg file (prism-media's demuxer drops the header pages). */
function opusFrames(file: string): Promise<Buffer[]> {
  return new Promise((done, fail) => {
    const frames: Buffer[] = [];
    const demuxer = new prism.opus.OggDemuxer();
    demuxer.on('data', (packet: Buffer) => frames.push(packet));
    demuxer.on('end', () => done(frames));
    demuxer.on('error', fail);
    demuxer.end(readFileSync(file));
  });
}

/**
 * Sends the frames as one RTP stream to `port` on loopback, every 20 ms on a clock
 * that does not drift, looping, until stopped.
 */
export class MusicSender {
  private readonly socket = dgram.createSocket('udp4');
  private timer: NodeJS.Timeout | null = null;
  private seq = Math.floor(Math.random() * 0xffff);
  private timestamp = Math.floor(Math.random() * 0xffffffff);
  private index = 0;
  private sent = 0;
  private startedAt = 0;

  constructor(
    private readonly frames: Buffer[],
    private readonly rtp: { payloadType: number; ssrc: number; clockRate: number },
  ) {
    this.socket.on('error', () => undefined);
  }

  async start(port: number): Promise<void> {
    await new Promise<void>((r) => this.socket.bind(0, '127.0.0.1', r));
    this.startedAt = Date.now();
    const tick = () => {
      // Sends every frame that is due, so a late timer catches up instead of drifting.
      const due = Math.floor((Date.now() - this.startedAt) / 20) + 1;
      while (this.sent < due) this.sendFrame(port);
      this.timer = setTimeout(tick, 20 - ((Date.now() - this.startedAt) % 20));
    };
    tick();
  }

  get localPort(): number {
    return this.socket.address().port;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.socket.close();
  }

  private sendFrame(port: number): void {
    const frame = this.frames[this.index]!;
    this.index = (this.index + 1) % this.frames.length;
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = this.rtp.payloadType & 0x7f;
    header.writeUInt16BE(this.seq, 2);
    header.writeUInt32BE(this.timestamp >>> 0, 4);
    header.writeUInt32BE(this.rtp.ssrc, 8);
    this.seq = (this.seq + 1) & 0xffff;
    this.timestamp = (this.timestamp + (this.rtp.clockRate / 50)) >>> 0;
    this.sent++;
    this.socket.send(Buffer.concat([header, frame]), port, '127.0.0.1');
  }
}
