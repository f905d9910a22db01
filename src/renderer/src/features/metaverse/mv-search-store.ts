import { create } from 'zustand';
import type { MvConditionOperator } from '../../../../shared/model/drill-down';
import { VALUE_OPERATORS } from '../../../../shared/model/drill-down';

export interface WhereRow {
  attribute: string;
  operator: MvConditionOperator;
  value: string;
}

/** A row is a condition once it names an attribute and, for operators that compare, a value; half-filled rows are ignored. */
export function isComplete(row: WhereRow): boolean {
  return row.attribute !== '' && (!VALUE_OPERATORS.includes(row.operator) || row.value !== '');
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
