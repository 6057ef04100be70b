import { useEffect, useRef, useState } from 'react';

export type Fetched<T> =
  | { state: 'loading'; previous: T | null }
  | { state: 'failed'; message: string }
  | { state: 'ready'; data: T };

/**
 * Server data for a view, fetched again whenever `key` changes (a new period, a filter,
 * Refresh). While a new answer is on its way the last one stays on screen (`previous`);
 * an answer to an older key is dropped. A null key fetches nothing.
 */
export function useFetched<T>(key: string | null, load: () => Promise<T>): Fetched<T> {
  const [fetched, setFetched] = useState<Fetched<T>>({ state: 'loading', previous: null });
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (key === null) return;
    let current = true;
    setFetched((f) => ({ state: 'loading', previous: f.state === 'ready' ? f.data : f.state === 'loading' ? f.previous : null }));
    loadRef.current().then(
      (data) => current && setFetched({ state: 'ready', data }),
      (error: unknown) => current && setFetched({ state: 'failed', message: error instanceof Error ? error.message : 'Loading failed.' }),
    );
    return () => {
      current = false;
    };
  }, [key]);

  return fetched;
}

/** The data to show: the answer, or the previous one while loading. */
export const shown = <T,>(f: Fetched<T>): T | null => (f.state === 'ready' ? f.data : f.state === 'loading' ? f.previous : null);
