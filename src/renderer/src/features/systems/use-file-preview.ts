import { useCallback, useEffect, useRef, useState } from 'react';
import type { FilePreview } from '../../../../shared/contract/systems';
import type { FileEncoding } from '../../../../shared/model/index';
import { api, errorMessage } from '../../api/client';

const DEBOUNCE_MS = 500;

export interface FilePreviewState {
  preview: FilePreview | null;
  error: string | null;
  loading: boolean;
  read(): void;
}

/** Reads the header (and a few rows) whenever path, delimiter or encoding settle, and on demand. */
export function useFilePreview(filePath: string, delimiter: string, encoding: FileEncoding): FilePreviewState {
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const requestRef = useRef(0);

  const read = useCallback(() => {
    const path = filePath.trim();
    if (!path || [...delimiter].length !== 1) return;
    const request = ++requestRef.current;
    setLoading(true);
    api.call('systems.previewFile', { filePath: path, delimiter, encoding }).then(
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
  }, [filePath, delimiter, encoding]);

  useEffect(() => {
    const timer = setTimeout(read, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [read]);

  return { preview, error, loading, read };
}
