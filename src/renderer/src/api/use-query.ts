import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { errorMessage } from './client';

export interface QueryState<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload(): void;
  setData(data: T): void;
}

interface Result<T> {
  key: string | null;
  version: number;
  data: T | undefined;
  error: string | null;
}

/**
 * Loads once per key. A reload keeps the previous data on screen instead of flashing empty;
 * a new key never shows the data of the old one.
 */
export function useQuery<T>(load: () => Promise<T>, key: string): QueryState<T> {
  const [version, setVersion] = useState(0);
  const [result, setResult] = useState<Result<T>>({ key: null, version: 0, data: undefined, error: null });
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    let cancelled = false;
    loadRef.current().then(
      (data) => {
        if (!cancelled) setResult({ key, version, data, error: null });
      },
      (err: unknown) => {
        if (cancelled) return;
        setResult((r) => ({ key, version, data: r.key === key ? r.data : undefined, error: errorMessage(err) }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [key, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const setData = useCallback((data: T) => setResult((r) => ({ ...r, data })), []);
  const current = result.key === key;
  return {
    data: current ? result.data : undefined,
    error: current ? result.error : null,
    loading: !current || result.version !== version,
    reload,
    setData,
  };
}
