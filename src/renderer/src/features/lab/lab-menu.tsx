import ScienceIcon from '@mui/icons-material/Science';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Divider from '@mui/material/Divider';
import LinearProgress from '@mui/material/LinearProgress';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Snackbar from '@mui/material/Snackbar';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { LabStatus } from '../../../../shared/contract/lab';
import { api, errorMessage } from '../../api/client';
import { useAppInfo } from '../../api/app-info';
import { NativeSelectField } from '../../components/native-select';
import { createLab, describeNextDay, LAB_SIZE_OPTIONS, nextDay, runNightly, sizeLabel, type LabSizeOption } from './lab-actions';

type Notice = { severity: 'success' | 'error' | 'info'; text: string };

/** The app bar's "Demo lab" menu: create the lab, run its nightly cycle, play the next day, open its folder. */
export function LabMenu() {
  const navigate = useNavigate();
  const info = useAppInfo();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [status, setStatus] = useState<LabStatus | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [creating, setCreating] = useState(false);
  const [folderShown, setFolderShown] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = (element: HTMLElement): void => {
    setAnchor(element);
    api.call('lab.status', {}).then(setStatus, (err: unknown) => setNotice({ severity: 'error', text: errorMessage(err) }));
  };
  const close = (): void => setAnchor(null);
  const attempt = async (work: () => Promise<void>): Promise<void> => {
    close();
    setBusy(true);
    try {
      await work();
    } catch (err) {
      setNotice({ severity: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  const exists = status?.exists ?? false;

  return (
    <>
      <Button
        color="inherit"
        startIcon={<ScienceIcon />}
        onClick={(e) => open(e.currentTarget)}
        sx={{ mr: 2 }}
        disabled={busy}
        data-testid="lab-menu"
      >
        Demo lab
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={close}>
        {status && (
          <Typography variant="caption" color="text.secondary" sx={{ px: 2, py: 0.5, display: 'block' }}>
            {exists ? `${status.size} lab, day ${status.day} (${status.asOf})` : 'No demo lab in this database'}
          </Typography>
        )}
        <MenuItem
          disabled={exists}
          onClick={() => {
            close();
            setCreating(true);
          }}
          data-testid="lab-menu-create"
        >
          Create demo lab…
        </MenuItem>
        <Divider />
        <MenuItem
          disabled={!exists}
          onClick={() => void attempt(async () => void navigate(await runNightly(status?.scheduleId)))}
          data-testid="lab-run-nightly"
        >
          Run nightly cycle
        </MenuItem>
        <MenuItem
          disabled={!exists}
          onClick={() => void attempt(async () => setNotice({ severity: 'success', text: describeNextDay(await nextDay()) }))}
          data-testid="lab-next-day"
        >
          Next day
        </MenuItem>
        <MenuItem
          disabled={!exists}
          onClick={() =>
            void attempt(async () => {
              if (info?.host === 'electron') await api.call('lab.openFolder', {});
              else setFolderShown(status?.labDir ?? null);
            })
          }
          data-testid="lab-open-folder"
        >
          {info?.host === 'electron' ? 'Open lab folder' : 'Show lab folder'}
        </MenuItem>
      </Menu>
      {busy && <LinearProgress color="secondary" sx={{ position: 'fixed', top: 0, left: 0, right: 0, zIndex: (t) => t.zIndex.appBar + 1 }} />}
      <CreateLabDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(scheduleId, text) => {
          setCreating(false);
          setNotice({ severity: 'success', text });
          void navigate(`/schedules/${scheduleId}`);
        }}
      />
      <Dialog open={folderShown !== null} onClose={() => setFolderShown(null)}>
        <DialogTitle>Lab folder</DialogTitle>
        <DialogContent>
          <DialogContentText>The lab's files (HR, change file, Training, Directory, groups, departments) are in:</DialogContentText>
          <Typography sx={{ fontFamily: 'monospace', mt: 1, wordBreak: 'break-all' }} data-testid="lab-folder-path">
            {folderShown}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setFolderShown(null)}>Close</Button>
        </DialogActions>
      </Dialog>
      <Snackbar open={notice !== null} autoHideDuration={notice?.severity === 'error' ? null : 8000} onClose={() => setNotice(null)}>
        {notice ? (
          <Alert severity={notice.severity} onClose={() => setNotice(null)} variant="filled" data-testid="lab-notice">
            {notice.text}
          </Alert>
        ) : undefined}
      </Snackbar>
    </>
  );
}

function CreateLabDialog(props: { open: boolean; onClose: () => void; onCreated: (scheduleId: number, text: string) => void }) {
  const [size, setSize] = useState<LabSizeOption>('medium');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const create = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const result = await createLab(size);
      props.onCreated(result.scheduleId, `Demo lab created: ${result.rows.toLocaleString()} people in ${result.labDir}. Press "Run now" to run the nightly cycle.`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={props.open} onClose={busy ? undefined : props.onClose} maxWidth="xs" fullWidth>
      <DialogTitle>Create demo lab</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          Generates HR, Training and Directory files in a lab folder beside the database, and the systems, sync rules, run
          profiles and "Nightly cycle" schedule that connect them.
        </DialogContentText>
        <NativeSelectField label="Size" value={size} onChange={(v) => setSize(v as LabSizeOption)} testId="lab-dialog-size" fullWidth disabled={busy}>
          {LAB_SIZE_OPTIONS.map((s) => (
            <option key={s} value={s}>
              {sizeLabel(s)}
            </option>
          ))}
        </NativeSelectField>
        {busy && <LinearProgress sx={{ mt: 2 }} />}
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        <Button variant="contained" onClick={() => void create()} disabled={busy} data-testid="lab-dialog-create">
          Create
        </Button>
      </DialogActions>
    </Dialog>
  );
}
