import { isItemCounter } from '../../../../shared/model/drill-down';
import type { CsScope } from '../../../../shared/model/drill-down';
import type { CounterName } from '../../../../shared/model/index';

// Where each number of the console leads. Filters live in the URL so "back" returns to where the
// admin clicked and a filtered list can be shared as a link.

/** The activity's execution items behind one counter; null for a counter without items (unchanged). */
export function counterItemsPath(activityId: number, counter: CounterName): string | null {
  return isItemCounter(counter) ? `/activities/${activityId}?counter=${counter}` : null;
}

export function errorTypeItemsPath(activityId: number, errorType: string): string {
  return `/activities/${activityId}?errorType=${encodeURIComponent(errorType)}`;
}

/** A system's connector space narrowed to one pending view. */
export function scopePath(systemId: number, scope: CsScope): string {
  return `/systems/${systemId}/connector-space?scope=${scope}`;
}

export function csoPath(systemId: number, csoId: number): string {
  return `/systems/${systemId}/connector-space?cso=${csoId}`;
}
