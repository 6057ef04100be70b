import { useEffect, useState } from 'react';
import { useSkewMs } from './live-store.ts';

/**
 * The server's "now" (this browser's clock corrected by the skew measured at the
 * snapshot), re-rendering the caller once a second: durations tick here, not by asking
 * the server.
 */
export function useServerNow(intervalMs = 1000): number {
  const skew = useSkewMs();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now + skew;
}

/** 75 s → "1:15"; an hour or more → "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Seconds as "42 s" or "3:05", or a dash when there is nothing to show. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '—';
  return seconds < 60 ? `${Math.round(seconds)} s` : formatDuration(seconds * 1000);
}

export const since = (iso: string, now: number) => now - Date.parse(iso);
