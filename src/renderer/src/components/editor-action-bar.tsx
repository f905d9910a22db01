import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

interface EditorActionBarProps {
  /** e.g. "sr" gives sr-actions, sr-save, sr-discard, sr-delete. */
  testIdPrefix: string;
  /** What a new object is called on the create button ("sync rule", "schedule"). */
  noun: string;
  isNew: boolean;
  dirty: boolean;
  saving: boolean;
  /** Said while there are unsaved changes to a saved object. */
  dirtyHint?: string;
  onDiscard: () => void;
  onDelete: () => void;
}

/**
 * The sticky save / discard / delete bar of the full-page editors; the submit button belongs to
 * the surrounding form, so Enter saves too.
 */
export function EditorActionBar(props: EditorActionBarProps) {
  const { testIdPrefix: id, noun, isNew, dirty, saving } = props;
  const status = isNew
    ? `Nothing is saved until you create the ${noun}.`
    : dirty
      ? (props.dirtyHint ?? 'Unsaved changes.')
      : 'No unsaved changes.';
  return (
    <Paper sx={{ position: 'sticky', bottom: 0, mt: 2, p: 1.5, zIndex: 2, boxShadow: 3, borderRadius: 1 }} data-testid={`${id}-actions`}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Button type="submit" variant="contained" disabled={saving || !dirty} data-testid={`${id}-save`}>
          {saving ? 'Saving…' : isNew ? `Create ${noun}` : 'Save changes'}
        </Button>
        {!isNew && dirty && (
          <Button onClick={props.onDiscard} disabled={saving} data-testid={`${id}-discard`}>
            Discard changes
          </Button>
        )}
        <Typography variant="caption" color="text.secondary" sx={{ flexGrow: 1 }}>
          {status}
        </Typography>
        {!isNew && (
          <Button color="error" onClick={props.onDelete} disabled={saving} data-testid={`${id}-delete`}>
            Delete
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
