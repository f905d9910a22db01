import AddIcon from '@mui/icons-material/Add';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ExecuteResult } from '../../../../shared/contract/run-profiles';
import { RUN_TYPE_LABELS } from '../../../../shared/model/index';
import type { ConnectedSystem, RunProfile } from '../../../../shared/model/index';
import { useActivityStore } from '../../api/activity-store';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { EmptyState } from '../../components/empty-state';
import { ActivityPanel } from '../activities/activity-panel';
import { RunHistory } from './run-history';
import { RunProfileDialog } from './run-profile-dialog';

export function RunProfilesTab({ system }: { system: ConnectedSystem }) {
  const profiles = useQuery(() => api.call('runProfiles.list', { systemId: system.id }), `profiles-${system.id}`);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [dialog, setDialog] = useState<{ profile: RunProfile | null } | null>(null);
  const list = profiles.data ?? [];
  const selected = list.find((p) => p.id === selectedId) ?? list[0];

  const onSaved = (saved: RunProfile): void => {
    const others = list.filter((p) => p.id !== saved.id);
    profiles.setData([...others, saved].sort((a, b) => a.name.localeCompare(b.name)));
    setSelectedId(saved.id);
  };

  const newButton = (
    <Button
      variant="contained"
      startIcon={<AddIcon />}
      onClick={() => setDialog({ profile: null })}
      data-testid="new-run-profile"
    >
      New run profile
    </Button>
  );

  return (
    <Box>
      {profiles.error && <Alert severity="error">{profiles.error}</Alert>}
      {profiles.loading && !profiles.data && <LinearProgress />}
      {profiles.data && list.length === 0 && (
        <Paper>
          <EmptyState
            title="No run profiles"
            detail="A run profile says what to run against this system, for example a Full Import of its file."
            action={newButton}
          />
        </Paper>
      )}
      {selected && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
          <Paper sx={{ width: 240, flexShrink: 0 }}>
            <Box sx={{ p: 1.5 }}>{newButton}</Box>
            <Tabs
              orientation="vertical"
              variant="scrollable"
              value={selected.id}
              onChange={(_, value: number) => setSelectedId(value)}
              sx={{ borderTop: 1, borderColor: 'divider' }}
            >
              {list.map((p) => (
                <Tab
                  key={p.id}
                  value={p.id}
                  data-testid={`run-profile-tab-${p.name}`}
                  sx={{ alignItems: 'flex-start', textAlign: 'left' }}
                  label={
                    <Box>
                      <Typography variant="body2" sx={{ fontWeight: 600 }}>
                        {p.name}
                      </Typography>
                      <Typography variant="caption" color="text.secondary">
                        {RUN_TYPE_LABELS[p.runType]}
                      </Typography>
                    </Box>
                  }
                />
              ))}
            </Tabs>
          </Paper>
          <Box sx={{ flexGrow: 1, minWidth: 0 }}>
            <ProfileDetail
              key={selected.id}
              system={system}
              profile={selected}
              onEdit={() => setDialog({ profile: selected })}
              onDeleted={() => {
                profiles.setData(list.filter((p) => p.id !== selected.id));
                setSelectedId(null);
              }}
            />
          </Box>
        </Stack>
      )}
      <RunProfileDialog
        open={dialog !== null}
        systemId={system.id}
        profile={dialog?.profile ?? null}
        onClose={() => setDialog(null)}
        onSaved={onSaved}
      />
    </Box>
  );
}

interface ProfileDetailProps {
  system: ConnectedSystem;
  profile: RunProfile;
  onEdit(): void;
  onDeleted(): void;
}

function ProfileDetail({ system, profile, onEdit, onDeleted }: ProfileDetailProps) {
  const latest = useQuery(
    () => api.call('activities.latestForProfile', { runProfileId: profile.id }),
    `latest-${profile.id}`,
  );
  const [started, setStarted] = useState<ExecuteResult | null>(null);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const activityId = started?.activityId ?? latest.data?.id ?? null;
  const shown = useActivityStore((s) => (activityId === null ? undefined : s.summaries[activityId]));
  const stillQueued =
    started?.queuedBehind != null && (shown === undefined || (shown.status === 'inProgress' && !shown.startedAt));

  const run = async (): Promise<void> => {
    setRunning(true);
    setRunError(null);
    try {
      setStarted(await api.call('runProfiles.execute', { id: profile.id }));
    } catch (err) {
      setRunError(errorMessage(err));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Stack spacing={2}>
      <Paper sx={{ p: 2 }} data-testid="run-profile-detail">
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
          <Box sx={{ flexGrow: 1, minWidth: 0 }}>
            <Typography variant="h6">{profile.name}</Typography>
            <Stack direction="row" spacing={4} sx={{ mt: 1, flexWrap: 'wrap' }}>
              <Setting label="Run type" value={RUN_TYPE_LABELS[profile.runType]} />
              <Setting label="Batch size" value={String(profile.batchSize)} />
              <Setting label="File" value={profile.filePath ?? `${system.settings.filePath} (system file)`} />
            </Stack>
          </Box>
          <Button onClick={onEdit} data-testid="run-profile-edit">
            Edit
          </Button>
          <Button color="error" onClick={() => setConfirmDelete(true)} data-testid="run-profile-delete">
            Delete
          </Button>
          <Button
            variant="contained"
            startIcon={<PlayArrowIcon />}
            onClick={() => void run()}
            disabled={running}
            data-testid="run-profile-run"
          >
            Run
          </Button>
        </Stack>
        {stillQueued && started?.queuedBehind != null && (
          <Alert severity="info" sx={{ mt: 2 }} data-testid="run-profile-queued">
            Queued behind activity #{started.queuedBehind}
          </Alert>
        )}
        {runError && (
          <Alert severity="error" sx={{ mt: 2 }} onClose={() => setRunError(null)} data-testid="run-profile-run-error">
            {runError}
          </Alert>
        )}
      </Paper>
      {latest.error && <Alert severity="error">{latest.error}</Alert>}
      {activityId !== null ? (
        <ActivityPanel
          key={activityId}
          activityId={activityId}
          initial={started ? undefined : (latest.data ?? undefined)}
        />
      ) : (
        latest.data === null && (
          <Typography variant="body2" color="text.secondary" data-testid="run-profile-never-run">
            This run profile has not been run yet.
          </Typography>
        )
      )}
      <RunHistory runProfileId={profile.id} />
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete run profile "${profile.name}"?`}
        message="The run profile is removed. Activities it already ran stay in the history."
        confirmLabel="Delete"
        onConfirm={async () => {
          await api.call('runProfiles.delete', { id: profile.id });
          onDeleted();
        }}
        onClose={() => setConfirmDelete(false)}
      />
    </Stack>
  );
}

function Setting({ label, value }: { label: string; value: string }) {
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
        {value}
      </Typography>
    </Box>
  );
}
