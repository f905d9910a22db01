import { useCallback, useState } from 'react';

const STORAGE_KEY = 'junction.metaverse.columns';

function readStored(): string[] | null {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    return Array.isArray(parsed) && parsed.every((n) => typeof n === 'string') ? parsed : null;
  } catch {
    // A value another version wrote, or storage the browser refuses: fall back to the defaults.
    return null;
  }
}

/**
 * The attribute columns the admin chose for the metaverse search, remembered in localStorage
 * across sessions; null until they choose (the page then picks columns itself).
 */
export function useChosenColumns(): [string[] | null, (columns: string[] | null) => void] {
  const [chosen, setChosen] = useState<string[] | null>(readStored);
  const choose = useCallback((columns: string[] | null) => {
    setChosen(columns);
    try {
      if (columns === null) localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, JSON.stringify(columns));
    } catch {
      // Storage full or disabled: the choice still holds for this page.
    }
  }, []);
  return [chosen, choose];
}
