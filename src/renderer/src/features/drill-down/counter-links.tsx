import Typography from '@mui/material/Typography';
import { COUNTERS_BY_RUN_TYPE, COUNTER_LABELS } from '../../../../shared/model/index';
import type { ActivitySummary } from '../../../../shared/model/index';
import { api } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { formatNumber } from '../../components/format';
import { RouterLink } from '../../components/router-link';
import { counterItemsPath } from './links';

/** A finished run's non-zero counters as one line of links to the items behind each. */
export function CounterLinks({ activity, testIdPrefix }: { activity: ActivitySummary; testIdPrefix: string }) {
  const names = (activity.runType ? COUNTERS_BY_RUN_TYPE[activity.runType] : []).filter((n) => (activity.counters[n] ?? 0) > 0);
  if (names.length === 0) return null;
  return (
    <Typography variant="caption" component="div" sx={{ whiteSpace: 'normal' }}>
      {names.map((name, index) => {
        const text = `${formatNumber(activity.counters[name])} ${COUNTER_LABELS[name].toLowerCase()}`;
        const to = counterItemsPath(activity.id, name);
        return (
          <span key={name}>
            {index > 0 && ' · '}
            {to ? (
              <RouterLink to={to} testId={`${testIdPrefix}-${name}`}>
                {text}
              </RouterLink>
            ) : (
              text
            )}
          </span>
        );
      })}
    </Typography>
  );
}

/** The counters of a schedule step's run once it has ended (its card says nothing of them while it runs). */
export function StepRunCounters({ activityId, ended, stepIndex }: { activityId: number; ended: boolean; stepIndex: number }) {
  const activity = useQuery(
    () => (ended ? api.call('activities.get', { id: activityId }) : Promise.resolve(null)),
    `step-counters-${activityId}-${ended ? 'ended' : 'running'}`,
  );
  if (!activity.data) return null;
  return <CounterLinks activity={activity.data} testIdPrefix={`step-rail-counter-${stepIndex}`} />;
}
