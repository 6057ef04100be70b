import { FRAME_MS } from './pcm-codecs.ts';

/**
 * The one 20 ms clock that every call's mixer and recorder runs on. One timer for the
 * process rather than one per call; it catches up when the event loop was late, so
 * audio time does not drift behind wall time.
 */
export interface ClockListener {
  tick(): void;
}

const listeners = new Set<ClockListener>();
let timer: NodeJS.Timeout | null = null;
let startedAt = 0;
let ticks = 0;

export function joinClock(listener: ClockListener): void {
  listeners.add(listener);
  if (!timer) start();
}

export function leaveClock(listener: ClockListener): void {
  listeners.delete(listener);
  if (listeners.size === 0 && timer) {
    clearTimeout(timer);
    timer = null;
  }
}

function start(): void {
  startedAt = performance.now();
  ticks = 0;
  const run = () => {
    const due = Math.floor((performance.now() - startedAt) / FRAME_MS) + 1;
    // More than 5 frames behind (a stalled loop): skip ahead rather than burst.
    if (due - ticks > 5) ticks = due - 1;
    while (ticks < due) {
      ticks++;
      for (const listener of listeners) listener.tick();
    }
    if (listeners.size > 0) timer = setTimeout(run, FRAME_MS - ((performance.now() - startedAt) % FRAME_MS));
  };
  run();
}
