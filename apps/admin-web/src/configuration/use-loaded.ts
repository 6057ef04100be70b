import { useCallback, useEffect, useRef, useState } from 'react';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; data: T };

/**
 * Data fetched for a section (lists are fetched, not pushed: STYLE.md "Web apps").
 * `reload` fetches again after a save, keeping the old data on screen meanwhile; an
 * answer arriving after unmount is dropped.
 */
export function useLoaded<T>(load: () => Promise<T>): { loaded: Loaded<T>; reload: () => void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  // The latest closure, so the effect runs on `reload` only, not on every render.
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let current = true;
    loadRef.current().then(
      (data) => current && setLoaded({ state: 'ready', data }),
      (error: unknown) => current && setLoaded({ state: 'failed', message: error instanceof Error ? error.message : 'Loading failed.' }),
    );
    return () => {
      current = false;
    };
  }, [generation]);

  return { loaded, reload: useCallback(() => setGeneration((g) => g + 1), []) };
}

/** Waits for every request at once, keeping their names: allOf({ users, teams }) → { users, teams }. */
export async function allOf<T extends Record<string, Promise<unknown>>>(requests: T): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const entries = await Promise.all(Object.entries(requests).map(async ([name, request]) => [name, await request] as const));
  return Object.fromEntries(entries) as { [K in keyof T]: Awaited<T[K]> };
}
