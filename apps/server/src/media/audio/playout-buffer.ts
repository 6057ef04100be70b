import { FRAME_SAMPLES } from './pcm-codecs.ts';

/**
 * One source's decoded audio waiting for the mixer's clock. Packets and the clock are
 * not in step, so it holds one frame in reserve before playing (absorbs up to 20 ms of
 * arrival jitter) and never more than MAX_FRAMES (a late burst is trimmed, oldest first,
 * rather than delaying everything after it). Each sample remembers when it arrived, so
 * the mixer can measure the delay it adds.
 */
const RESERVE_SAMPLES = FRAME_SAMPLES;
const MAX_SAMPLES = FRAME_SAMPLES * 3;

export class PlayoutBuffer {
  private chunks: Array<{ samples: Int16Array; offset: number; arrivedAt: number }> = [];
  private queued = 0;
  private playing = false;
  underruns = 0;
  trimmed = 0;

  push(samples: Int16Array, arrivedAt: number): void {
    if (samples.length === 0) return;
    this.chunks.push({ samples, offset: 0, arrivedAt });
    this.queued += samples.length;
    if (this.queued > MAX_SAMPLES) {
      const excess = this.queued - (FRAME_SAMPLES + RESERVE_SAMPLES);
      this.discard(excess);
      this.trimmed += excess;
    }
  }

  /**
   * The next 20 ms frame, or null while the buffer fills (start, or after running dry).
   * `arrivedAt` is when its oldest sample arrived.
   */
  pull(): { frame: Int16Array; arrivedAt: number } | null {
    if (!this.playing) {
      if (this.queued < FRAME_SAMPLES + RESERVE_SAMPLES) return null;
      this.playing = true;
    }
    if (this.queued < FRAME_SAMPLES) {
      this.playing = false;
      if (this.queued > 0) this.underruns++;
      return null;
    }
    const frame = new Int16Array(FRAME_SAMPLES);
    const arrivedAt = this.chunks[0]!.arrivedAt;
    let filled = 0;
    while (filled < FRAME_SAMPLES) {
      const chunk = this.chunks[0]!;
      const take = Math.min(FRAME_SAMPLES - filled, chunk.samples.length - chunk.offset);
      frame.set(chunk.samples.subarray(chunk.offset, chunk.offset + take), filled);
      filled += take;
      chunk.offset += take;
      if (chunk.offset === chunk.samples.length) this.chunks.shift();
    }
    this.queued -= FRAME_SAMPLES;
    return { frame, arrivedAt };
  }

  private discard(count: number): void {
    let left = count;
    while (left > 0 && this.chunks.length > 0) {
      const chunk = this.chunks[0]!;
      const take = Math.min(left, chunk.samples.length - chunk.offset);
      chunk.offset += take;
      left -= take;
      if (chunk.offset === chunk.samples.length) this.chunks.shift();
    }
    this.queued -= count - left;
  }
}
