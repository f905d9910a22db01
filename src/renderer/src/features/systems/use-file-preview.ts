import { useCallback, useEffect, useRef, useState } from 'react';
import type { FilePreview } from '../../../../shared/contract/systems';
import { api, errorMessage } from '../../api/client';

const DEBOUNCE_MS = 500;

export interface FilePreviewState {
  preview: FilePreview | null;
  error: string | null;
  loading: boolean;
  read(): void;
}

/** Reads the header (and a few rows) whenever path or delimiter settle, and on demand. */
export function useFilePreview(filePath: string, delimiter: string): FilePreviewState {
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const requestRef = useRef(0);

  const read = useCallback(() => {
    const path = filePath.trim();
    if (!path || [...delimiter].length !== 1) return;
    const request = ++requestRef.current;
    setLoading(true);
    api.call('systems.previewFile', { filePath: path, delimiter }).then(
      (result) => {
        if (request !== requestRef.current) return;
        setPreview(result);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (request !== requestRef.current) return;
        setPreview(null);
        setError(errorMessage(err));
        setLoading(false);
      },
    );
  }, [filePath, delimiter]);

  useEffect(() => {
    const timer = setTimeout(read, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [read]);

  return { preview, error, loading, read };
}
