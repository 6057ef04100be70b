import { useEffect } from 'react';
import { useSession } from '../session-store.ts';
import { disconnect, ensureConnected } from './console-connection.ts';

let users = 0;
let closing: ReturnType<typeof setTimeout> | undefined;

/**
 * Keeps the console's socket open while a live page (wallboard, live calls) is shown.
 * Moving between them keeps it; leaving them, or signing out, closes it a moment later.
 */
export function useConsoleConnection(): void {
  const token = useSession()?.token ?? null;
  useEffect(() => {
    if (!token) return;
    clearTimeout(closing);
    users += 1;
    ensureConnected(token);
    return () => {
      users -= 1;
      if (users === 0) closing = setTimeout(() => users === 0 && disconnect(), 500);
    };
  }, [token]);
}
