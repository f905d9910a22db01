import CloseIcon from '@mui/icons-material/Close';
import ScienceIcon from '@mui/icons-material/Science';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { MISSING_INPUT_BEHAVIOURS } from '../../../../shared/model/index';
import type { MissingInputBehaviour } from '../../../../shared/model/index';
import { NativeSelectField } from '../../components/native-select';
import { testIdAttr } from '../../components/test-id';
import { AttributeSelect } from './attribute-select';
import { ExpressionEditor } from './expression-editor';
import { ExpressionTestPanel, useExpressionTest } from './expression-test';
import type { TestContext } from './expression-test';
import { MISSING_INPUT_LABELS } from './sync-rule-form';
import type { AttributeOption, FieldErrors, FlowDraft, FlowKind } from './sync-rule-form';

const NEW_COLUMN = '__new__';

interface FlowRowProps {
  index: number;
  flow: FlowDraft;
  inbound: boolean;
  /** Inbound: metaverse attributes bound to the rule's type; outbound: the system's attributes. */
  targetOptions: AttributeOption[];
  /** Inbound: connector space attributes; outbound: metaverse attributes. */
  sourceOptions: AttributeOption[];
  errors: FieldErrors;
  testContext: TestContext;
  onChange(patch: Partial<FlowDraft>, touched: string): void;
  onRemove(): void;
}

export function FlowRow(props: FlowRowProps) {
  const { index: i, flow, inbound, targetOptions, sourceOptions, errors, testContext, onChange, onRemove } = props;
  const path = `flows.${i}`;
  const [testOpen, setTestOpen] = useState(false);
  const test = useExpressionTest(testContext, flow.expression);
  const inSchema = targetOptions.some((o) => o.name.toLowerCase() === flow.target.toLowerCase());
  // Outbound targets may be columns the file does not have yet (the rules define a target file's columns).
  const newColumn = !inbound && (flow.newTarget || (flow.target !== '' && !inSchema));
  const rowError = errors[path] ?? errors[`${path}.source`];

  return (
    <TableRow data-testid={`sr-flow-${i}`} sx={{ '& > td': { verticalAlign: 'top' } }}>
      <TableCell sx={{ width: 28, pt: 2.25, color: 'text.secondary' }}>{i + 1}</TableCell>
      <TableCell sx={{ width: 260 }}>
        <Stack spacing={1}>
          <AttributeSelect
            ariaLabel="Target attribute"
            value={newColumn ? NEW_COLUMN : flow.target}
            options={targetOptions}
            onChange={(v) =>
              onChange(
                v === NEW_COLUMN ? { newTarget: true, target: '' } : { newTarget: false, target: v },
                `${path}.target`,
              )
            }
            testId={`sr-flow-target-${i}`}
            error={newColumn ? undefined : errors[`${path}.target`]}
            placeholder="Target attribute…"
            fullWidth
            reserved={inbound ? [] : [NEW_COLUMN]}
            extra={inbound ? undefined : <option value={NEW_COLUMN}>New column…</option>}
          />
          {newColumn && (
            <TextField
              placeholder="Column name"
              value={flow.target}
              onChange={(e) => onChange({ target: e.target.value, newTarget: true }, `${path}.target`)}
              error={Boolean(errors[`${path}.target`])}
              helperText={errors[`${path}.target`] ?? 'Written as a new column by the next export'}
              slotProps={{ htmlInput: { 'data-testid': `sr-flow-target-new-${i}`, 'aria-label': 'New column name' } }}
            />
          )}
        </Stack>
      </TableCell>
      <TableCell>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
          <NativeSelectField
            ariaLabel="Source kind"
            value={flow.kind}
            onChange={(v) => onChange({ kind: v as FlowKind }, `${path}.source`)}
            testId={`sr-flow-kind-${i}`}
            minWidth={130}
          >
            <option value="attribute">Attribute</option>
            <option value="constant">Constant</option>
            <option value="expression">Expression</option>
          </NativeSelectField>
          {flow.kind === 'attribute' && (
            <AttributeSelect
              ariaLabel="Source attribute"
              value={flow.attribute}
              options={sourceOptions}
              onChange={(attribute) => onChange({ attribute }, `${path}.source.attribute`)}
              testId={`sr-flow-source-${i}`}
              error={errors[`${path}.source.attribute`]}
              placeholder="Source attribute…"
              fullWidth
            />
          )}
          {flow.kind === 'constant' && (
            <TextField
              fullWidth
              placeholder="Value"
              value={flow.constant}
              onChange={(e) => onChange({ constant: e.target.value }, `${path}.source.value`)}
              error={Boolean(errors[`${path}.source.value`])}
              helperText={errors[`${path}.source.value`]}
              slotProps={{
                htmlInput: { 'data-testid': `sr-flow-constant-${i}`, 'aria-label': 'Constant value', maxLength: 4096 },
              }}
            />
          )}
          {flow.kind === 'expression' && (
            <Stack spacing={1} sx={{ flex: 1, minWidth: 0 }}>
              <ExpressionEditor
                index={i}
                value={flow.expression}
                scope={inbound ? 'cs' : 'mv'}
                attributes={sourceOptions}
                serverError={errors[`${path}.source.expression`]}
                onChange={(expression) => onChange({ expression }, `${path}.source.expression`)}
                actions={
                  <Button
                    size="small"
                    startIcon={<ScienceIcon />}
                    onClick={() => {
                      setTestOpen(true);
                      if (testContext.object.trim()) void test.run();
                    }}
                    disabled={!flow.expression.trim() || test.running}
                    data-testid={`sr-flow-test-${i}`}
                  >
                    Test
                  </Button>
                }
              />
              {testOpen && (
                <ExpressionTestPanel
                  index={i}
                  ctx={testContext}
                  outcome={test.outcome}
                  running={test.running}
                  run={test.run}
                />
              )}
              <NativeSelectField
                label="When an input is missing"
                value={flow.missingInput}
                onChange={(v) => onChange({ missingInput: v as MissingInputBehaviour }, `${path}.source.missingInput`)}
                testId={`sr-flow-missing-${i}`}
                error={errors[`${path}.source.missingInput`]}
                minWidth={220}
                helperText="An input is missing when the attribute is absent, null or empty."
              >
                {MISSING_INPUT_BEHAVIOURS.map((m) => (
                  <option key={m} value={m}>
                    {MISSING_INPUT_LABELS[m]}
                  </option>
                ))}
              </NativeSelectField>
            </Stack>
          )}
        </Stack>
        {rowError && (
          <Typography variant="caption" color="error" component="div" sx={{ mt: 0.5 }}>
            {rowError}
          </Typography>
        )}
      </TableCell>
      <TableCell sx={{ width: 190, whiteSpace: 'nowrap' }}>
        {inbound ? (
          <FormControlLabel
            label="Null is a value"
            title="An empty contribution asserts “no value” and stops the priority walk"
            control={
              <Checkbox
                size="small"
                checked={flow.nullIsValue}
                onChange={(e) => onChange({ nullIsValue: e.target.checked }, `${path}.nullIsValue`)}
                slotProps={{ input: testIdAttr(`sr-flow-null-${i}`) }}
              />
            }
          />
        ) : (
          <FormControlLabel
            label="Initial export only"
            title="Sent when the object is created, never in later updates"
            control={
              <Checkbox
                size="small"
                checked={flow.initialExportOnly}
                onChange={(e) => onChange({ initialExportOnly: e.target.checked }, `${path}.initialExportOnly`)}
                slotProps={{ input: testIdAttr(`sr-flow-initial-${i}`) }}
              />
            }
          />
        )}
      </TableCell>
      <TableCell sx={{ width: 48 }}>
        <IconButton size="small" aria-label="Remove flow" onClick={onRemove} data-testid={`sr-flow-remove-${i}`}>
          <CloseIcon fontSize="small" />
        </IconButton>
      </TableCell>
    </TableRow>
  );
}
