import { create } from 'zustand';

export interface WhereRow {
  attribute: string;
  value: string;
}

interface MvSearchState {
  objectType: string;
  where: WhereRow[];
  text: string;
  set(patch: Partial<Pick<MvSearchState, 'objectType' | 'where' | 'text'>>): void;
}

/** Kept for the session so that opening an object and coming back finds the same search. */
export const useMvSearchStore = create<MvSearchState>()((set) => ({
  objectType: '',
  where: [],
  text: '',
  set: (patch) => set(patch),
}));
