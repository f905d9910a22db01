import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { InputOf } from '../../../../shared/contract/index';
import {
  ACTIVITY_STATUSES,
  ACTIVITY_STATUS_LABELS,
  INITIATORS,
  RUN_TYPES,
  RUN_TYPE_LABELS,
} from '../../../../shared/model/index';
import type { ActivityStatus, Initiator, RunType } from '../../../../shared/model/index';
import { api } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { NativeSelectField } from '../../components/native-select';

export interface ActivityFilters {
  systemId: string;
  runProfileId: string;
  runType: RunType | '';
  status: ActivityStatus | '';
  initiatedBy: Initiator | '';
  /** Local calendar dates (YYYY-MM-DD) from the date inputs; both ends inclusive. */
  from: string;
  to: string;
}

export const NO_FILTERS: ActivityFilters = {
  systemId: '',
  runProfileId: '',
  runType: '',
  status: '',
  initiatedBy: '',
  from: '',
  to: '',
};

export const INITIATOR_LABELS: Record<Initiator, string> = { user: 'User', cli: 'CLI', schedule: 'Schedule' };

/** Midnight at the start of a local date, as an ISO instant; `days` moves it forward. */
function localMidnight(date: string, days = 0): string | undefined {
  const d = new Date(`${date}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  d.setDate(d.getDate() + days);
  return d.toISOString();
}

type ListInput = InputOf<'activities.list'>;

/** The list query for these filters (paging aside). */
export function listQuery(f: ActivityFilters): Omit<ListInput, 'offset' | 'limit'> {
  // A schedule execution has no system, profile or run type, so filtering by one looks for the
  // step runs themselves: include them rather than only the top-level rows they are nested under.
  const byRun = Boolean(f.systemId || f.runProfileId || f.runType);
  const from = f.from ? localMidnight(f.from) : undefined;
  // "To" is inclusive on screen; the server's bound is exclusive, so send the next midnight.
  const to = f.to ? localMidnight(f.to, 1) : undefined;
  return {
    topLevelOnly: !byRun,
    ...(f.systemId ? { systemId: Number(f.systemId) } : {}),
    ...(f.runProfileId ? { runProfileId: Number(f.runProfileId) } : {}),
    ...(f.runType ? { runType: f.runType } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.initiatedBy ? { initiatedBy: f.initiatedBy } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

export function hasFilters(f: ActivityFilters): boolean {
  return Object.values(f).some((v) => v !== '');
}

export function ActivityFilterBar({ value, onChange }: { value: ActivityFilters; onChange(f: ActivityFilters): void }) {
  const systems = useQuery(() => api.call('systems.list', {}), 'systems');
  const systemId = value.systemId;
  const profiles = useQuery(
    () => (systemId ? api.call('runProfiles.list', { systemId: Number(systemId) }) : Promise.resolve([])),
    `activity-filter-profiles-${systemId || 'none'}`,
  );
  const set = (patch: Partial<ActivityFilters>): void => onChange({ ...value, ...patch });

  return (
    <Stack direction="row" spacing={1.5} sx={{ flexWrap: 'wrap', rowGap: 1.5, alignItems: 'flex-start' }}>
      <NativeSelectField
        label="System"
        value={value.systemId}
        // A run profile belongs to one system: changing the system clears it.
        onChange={(v) => set({ systemId: v, runProfileId: '' })}
        testId="activities-filter-system"
        minWidth={150}
      >
        <option value="">All systems</option>
        {(systems.data ?? []).map((s) => (
          <option key={s.id} value={String(s.id)}>
            {s.name}
          </option>
        ))}
      </NativeSelectField>
      <NativeSelectField
        label="Run profile"
        value={value.runProfileId}
        onChange={(v) => set({ runProfileId: v })}
        testId="activities-filter-profile"
        disabled={!value.systemId}
        minWidth={150}
      >
        <option value="">{value.systemId ? 'All run profiles' : 'Choose a system first'}</option>
        {(profiles.data ?? []).map((p) => (
          <option key={p.id} value={String(p.id)}>
            {p.name}
          </option>
        ))}
      </NativeSelectField>
      <NativeSelectField
        label="Run type"
        value={value.runType}
        onChange={(v) => set({ runType: v as RunType | '' })}
        testId="activities-filter-type"
        minWidth={150}
      >
        <option value="">All run types</option>
        {RUN_TYPES.map((t) => (
          <option key={t} value={t}>
            {RUN_TYPE_LABELS[t]}
          </option>
        ))}
      </NativeSelectField>
      <NativeSelectField
        label="Status"
        value={value.status}
        onChange={(v) => set({ status: v as ActivityStatus | '' })}
        testId="activities-filter-status"
        minWidth={150}
      >
        <option value="">All statuses</option>
        {ACTIVITY_STATUSES.map((s) => (
          <option key={s} value={s}>
            {ACTIVITY_STATUS_LABELS[s]}
          </option>
        ))}
      </NativeSelectField>
      <NativeSelectField
        label="Started by"
        value={value.initiatedBy}
        onChange={(v) => set({ initiatedBy: v as Initiator | '' })}
        testId="activities-filter-initiator"
        minWidth={130}
      >
        <option value="">Anyone</option>
        {INITIATORS.map((i) => (
          <option key={i} value={i}>
            {INITIATOR_LABELS[i]}
          </option>
        ))}
      </NativeSelectField>
      {/* The two ends of the range wrap together, never apart. */}
      <Stack direction="row" spacing={1.5}>
        <TextField
          label="From"
          type="date"
          value={value.from}
          onChange={(e) => set({ from: e.target.value })}
          sx={{ width: 150 }}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'activities-filter-from', max: value.to || undefined } }}
        />
        <TextField
          label="To"
          type="date"
          value={value.to}
          onChange={(e) => set({ to: e.target.value })}
          sx={{ width: 150 }}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'activities-filter-to', min: value.from || undefined } }}
        />
      </Stack>
    </Stack>
  );
}
