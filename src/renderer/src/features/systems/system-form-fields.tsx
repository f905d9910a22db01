import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { DEFAULT_CHANGE_TYPE_COLUMN, FILE_ENCODING_LABELS, FILE_ENCODINGS, FILE_MODES } from '../../../../shared/model/index';
import type { FileEncoding, FileMode } from '../../../../shared/model/index';
import { useAppInfo } from '../../api/app-info';
import { api, errorMessage } from '../../api/client';
import { NativeSelectField } from '../../components/native-select';
import { testIdAttr } from '../../components/test-id';
import { DELIMITER_OPTIONS, MODE_LABELS } from './system-form-state';
import type { DelimiterChoice, SystemFormValues } from './system-form-state';
import type { FilePreviewState } from './use-file-preview';

interface SystemFormFieldsProps {
  values: SystemFormValues;
  onChange(patch: Partial<SystemFormValues>): void;
  fieldErrors: Record<string, string>;
  preview: FilePreviewState;
  onBrowseError(message: string): void;
  autoFocus?: boolean;
}

const SAMPLE_ROWS_SHOWN = 5;

function columnOptions(columns: string[] | undefined, current: string): string[] {
  const all = columns ? [...columns] : [];
  // Keep a saved choice visible even before (or without) a successful preview.
  if (current && !all.includes(current)) all.unshift(current);
  return all;
}

export function SystemFormFields({
  values,
  onChange,
  fieldErrors,
  preview,
  onBrowseError,
  autoFocus,
}: SystemFormFieldsProps) {
  const info = useAppInfo();
  const columns = preview.preview?.columns;

  const browse = async (): Promise<void> => {
    try {
      const { filePath } = await api.call('dialog.openFile', { title: 'Choose a CSV file' });
      if (filePath) onChange({ filePath });
    } catch (err) {
      onBrowseError(errorMessage(err));
    }
  };

  return (
    <Stack spacing={2.5} sx={{ pt: 1 }}>
      <TextField
        label="Name"
        required
        value={values.name}
        onChange={(e) => onChange({ name: e.target.value })}
        error={Boolean(fieldErrors['name'])}
        helperText={fieldErrors['name']}
        slotProps={{ htmlInput: { 'data-testid': 'system-name', maxLength: 100 } }}
        autoFocus={autoFocus}
      />
      <TextField
        label="Description"
        value={values.description}
        onChange={(e) => onChange({ description: e.target.value })}
        error={Boolean(fieldErrors['description'])}
        helperText={fieldErrors['description']}
        multiline
        minRows={2}
        slotProps={{ htmlInput: { 'data-testid': 'system-description', maxLength: 2000 } }}
      />
      <NativeSelectField label="Connector" value="file" onChange={() => undefined} testId="system-connector">
        <option value="file">File (CSV)</option>
      </NativeSelectField>

      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <TextField
          label="File path"
          required
          fullWidth
          value={values.filePath}
          onChange={(e) => onChange({ filePath: e.target.value })}
          error={Boolean(fieldErrors['settings.filePath'] ?? preview.error)}
          helperText={fieldErrors['settings.filePath'] ?? preview.error ?? 'Absolute path of the CSV file'}
          slotProps={{ htmlInput: { 'data-testid': 'system-file-path' } }}
        />
        {info?.nativeFilePicker && (
          <Button
            variant="outlined"
            onClick={() => void browse()}
            data-testid="system-browse"
            sx={{ flexShrink: 0, height: 40 }}
          >
            Browse…
          </Button>
        )}
      </Stack>

      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
        <NativeSelectField
          label="Delimiter"
          value={values.delimiterChoice}
          onChange={(v) => onChange({ delimiterChoice: v as DelimiterChoice })}
          testId="system-delimiter"
          error={values.delimiterChoice === 'other' ? undefined : fieldErrors['settings.delimiter']}
          minWidth={160}
        >
          {DELIMITER_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </NativeSelectField>
        {values.delimiterChoice === 'other' && (
          <TextField
            label="Character"
            value={values.otherDelimiter}
            onChange={(e) => onChange({ otherDelimiter: e.target.value })}
            error={Boolean(fieldErrors['settings.delimiter'])}
            helperText={fieldErrors['settings.delimiter']}
            sx={{ width: 120 }}
            slotProps={{ htmlInput: { 'data-testid': 'system-delimiter-other', maxLength: 2 } }}
          />
        )}
        <TextField
          label="Multi-value delimiter"
          value={values.multiValueDelimiter}
          onChange={(e) => onChange({ multiValueDelimiter: e.target.value })}
          error={Boolean(fieldErrors['settings.multiValueDelimiter'])}
          helperText={fieldErrors['settings.multiValueDelimiter']}
          sx={{ width: 180 }}
          slotProps={{ htmlInput: { 'data-testid': 'system-mv-delimiter', maxLength: 2 } }}
        />
        <NativeSelectField
          label="Encoding"
          value={values.encoding}
          onChange={(v) => onChange({ encoding: v as FileEncoding })}
          testId="system-encoding"
          error={fieldErrors['settings.encoding']}
          minWidth={200}
        >
          {FILE_ENCODINGS.map((encoding) => (
            <option key={encoding} value={encoding}>
              {FILE_ENCODING_LABELS[encoding]}
            </option>
          ))}
        </NativeSelectField>
        <Box sx={{ flexGrow: 1 }} />
        <Button
          onClick={preview.read}
          disabled={!values.filePath.trim() || preview.loading}
          data-testid="system-read-columns"
          sx={{ height: 40 }}
        >
          {preview.loading ? 'Reading…' : 'Read columns'}
        </Button>
      </Stack>

      {preview.preview && <SamplePreview columns={preview.preview.columns} rows={preview.preview.sampleRows} />}

      <NativeSelectField
        label="External ID column"
        value={values.externalIdColumn}
        onChange={(v) => onChange({ externalIdColumn: v })}
        testId="system-external-id"
        error={fieldErrors['settings.externalIdColumn']}
        helperText={columns ? 'The column that uniquely identifies each object' : 'Read the columns of the file first'}
      >
        <option value="">Select a column…</option>
        {columnOptions(columns, values.externalIdColumn).map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </NativeSelectField>

      <Box>
        <FormLabel sx={{ fontSize: '0.8125rem' }}>Object type</FormLabel>
        <RadioGroup
          row
          value={values.objectTypeMode}
          onChange={(e) => onChange({ objectTypeMode: e.target.value === 'column' ? 'column' : 'fixed' })}
        >
          <FormControlLabel
            value="fixed"
            control={<Radio size="small" slotProps={{ input: testIdAttr('system-object-type-fixed') }} />}
            label="Fixed type"
          />
          <FormControlLabel
            value="column"
            control={<Radio size="small" slotProps={{ input: testIdAttr('system-object-type-from-column') }} />}
            label="From a column"
          />
        </RadioGroup>
        {values.objectTypeMode === 'fixed' ? (
          <TextField
            label="Object type"
            fullWidth
            value={values.objectType}
            onChange={(e) => onChange({ objectType: e.target.value })}
            error={Boolean(fieldErrors['settings.objectType'])}
            helperText={fieldErrors['settings.objectType'] ?? 'For example: person, group'}
            slotProps={{ htmlInput: { 'data-testid': 'system-object-type' } }}
            sx={{ mt: 1 }}
          />
        ) : (
          <Box sx={{ mt: 1 }}>
            <NativeSelectField
              label="Object type column"
              fullWidth
              value={values.objectTypeColumn}
              onChange={(v) => onChange({ objectTypeColumn: v })}
              testId="system-object-type-column"
              error={fieldErrors['settings.objectTypeColumn'] ?? fieldErrors['settings.objectType']}
            >
              <option value="">Select a column…</option>
              {columnOptions(columns, values.objectTypeColumn).map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </NativeSelectField>
          </Box>
        )}
      </Box>

      <NativeSelectField
        label="Mode"
        value={values.mode}
        onChange={(v) => onChange({ mode: v as FileMode })}
        testId="system-mode"
        error={fieldErrors['settings.mode']}
      >
        {FILE_MODES.map((m) => (
          <option key={m} value={m}>
            {MODE_LABELS[m]}
          </option>
        ))}
      </NativeSelectField>

      <TextField
        label="Change-type column (optional)"
        value={values.changeTypeColumn}
        onChange={(e) => onChange({ changeTypeColumn: e.target.value })}
        placeholder={DEFAULT_CHANGE_TYPE_COLUMN}
        error={Boolean(fieldErrors['settings.changeTypeColumn'])}
        helperText={
          fieldErrors['settings.changeTypeColumn'] ??
          `Delta Import reads a change file whose rows say add, update or delete in this column; empty means ${DEFAULT_CHANGE_TYPE_COLUMN}`
        }
        slotProps={{
          inputLabel: { shrink: true },
          htmlInput: { 'data-testid': 'system-change-type-column', maxLength: 200 },
        }}
      />
    </Stack>
  );
}

function SamplePreview({ columns, rows }: { columns: string[]; rows: string[][] }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {columns.length} columns found. First rows of the file:
      </Typography>
      <TableContainer
        sx={{ maxHeight: 200, border: 1, borderColor: 'divider', borderRadius: 1 }}
        data-testid="system-preview"
      >
        <Table stickyHeader size="small">
          <TableHead>
            <TableRow>
              {columns.map((c, i) => (
                <TableCell key={`${i}-${c}`} sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}>
                  {c}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.slice(0, SAMPLE_ROWS_SHOWN).map((row, r) => (
              <TableRow key={r}>
                {columns.map((_, i) => (
                  <TableCell
                    key={i}
                    sx={{ whiteSpace: 'nowrap', maxWidth: 240, overflow: 'hidden', textOverflow: 'ellipsis' }}
                  >
                    {row[i] ?? ''}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Box>
  );
}
