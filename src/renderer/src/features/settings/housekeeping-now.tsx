import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import type { HousekeepingSummary } from '../../../../shared/contract/settings';
import { api, errorMessage } from '../../api/client';
import { pluralise } from '../../components/format';
import { RouterLink } from '../../components/router-link';

function describe(result: HousekeepingSummary): string {
  if (result.activityId === null) return 'Nothing to do: no activity is past retention and no deletion is due.';
  return (
    `Purged ${pluralise(result.activitiesPurged, 'activity', 'activities')} older than ${pluralise(result.retentionDays, 'day')} ` +
    `(${pluralise(result.executionItemsPurged, 'execution item')}); deleted ${pluralise(result.objectsDeleted, 'metaverse object')} ` +
    `whose grace period was over; queued ${pluralise(result.deprovisioned, 'delete export')}.`
  );
}

/** Housekeeping on demand, next to the retention it applies; it says what it did. */
export function HousekeepingNow() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<HousekeepingSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.call('settings.runHousekeeping', {}));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack spacing={1.5} sx={{ mt: 3, alignItems: 'flex-start' }}>
      <Button variant="outlined" onClick={() => void run()} disabled={busy} data-testid="housekeeping-run">
        {busy ? 'Running housekeeping…' : 'Run housekeeping now'}
      </Button>
      {error && <Alert severity="error">{error}</Alert>}
      {result && (
        <Alert severity="info" data-testid="housekeeping-result" onClose={() => setResult(null)}>
          {describe(result)}{' '}
          {result.activityId !== null && (
            <RouterLink to={`/activities/${result.activityId}`} testId="housekeeping-activity">
              See activity #{result.activityId}
            </RouterLink>
          )}
        </Alert>
      )}
    </Stack>
  );
}
