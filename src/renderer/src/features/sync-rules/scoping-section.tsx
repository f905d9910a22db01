import AddIcon from '@mui/icons-material/Add';
import CloseIcon from '@mui/icons-material/Close';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { SCOPE_OPERATORS } from '../../../../shared/model/index';
import type { ScopeCriterion, ScopeGroup, ScopeOperator } from '../../../../shared/model/index';
import { NativeSelectField } from '../../components/native-select';
import { testIdAttr } from '../../components/test-id';
import { AttributeSelect } from './attribute-select';
import { SCOPE_OPERATOR_LABELS, VALUELESS_OPERATORS } from './sync-rule-form';
import type { AttributeOption, FieldErrors } from './sync-rule-form';

const MAX_DEPTH = 4;

const emptyGroup = (): ScopeGroup => ({ match: 'all', criteria: [], groups: [] });
const emptyCriterion = (): ScopeCriterion => ({ attribute: '', operator: 'equals', value: '', caseSensitive: true });

interface ScopingSectionProps {
  groups: ScopeGroup[];
  /** Connector space attributes for inbound rules, metaverse attributes for outbound ones. */
  attributes: AttributeOption[];
  sideLabel: string;
  errors: FieldErrors;
  /** `touched` is the error path to clear: the edited field, or the list whose rows moved. */
  onChange(groups: ScopeGroup[], touched: string): void;
}

export function ScopingSection({ groups, attributes, sideLabel, errors, onChange }: ScopingSectionProps) {
  return (
    <Stack spacing={1.5} data-testid="sr-scoping">
      <Typography variant="body2" color="text.secondary">
        Which {sideLabel} objects this rule applies to. No criteria = every object is in scope. Several top-level groups
        are alternatives: an object is in scope when any one of them holds. A missing attribute matches only “equals” an
        empty value; multi-valued attributes are compared by their first value.
      </Typography>
      {groups.map((group, i) => (
        <Box key={i}>
          {i > 0 && (
            <Typography variant="overline" color="text.secondary" sx={{ display: 'block', textAlign: 'center' }}>
              or
            </Typography>
          )}
          <GroupEditor
            group={group}
            path={`scoping.${i}`}
            idPath={String(i)}
            depth={0}
            attributes={attributes}
            errors={errors}
            onChange={(g, touched) =>
              onChange(
                groups.map((x, j) => (j === i ? g : x)),
                touched,
              )
            }
            onRemove={() =>
              onChange(
                groups.filter((_, j) => j !== i),
                'scoping',
              )
            }
          />
        </Box>
      ))}
      <Box>
        <Button
          startIcon={<AddIcon />}
          onClick={() => onChange([...groups, { ...emptyGroup(), criteria: [emptyCriterion()] }], 'scoping')}
          disabled={groups.length >= 20}
          data-testid="sr-add-scope-group"
        >
          {groups.length === 0 ? 'Add scoping group' : 'Add alternative group'}
        </Button>
      </Box>
    </Stack>
  );
}

interface GroupEditorProps {
  group: ScopeGroup;
  path: string;
  idPath: string;
  depth: number;
  attributes: AttributeOption[];
  errors: FieldErrors;
  onChange(group: ScopeGroup, touched: string): void;
  onRemove(): void;
}

function GroupEditor({ group, path, idPath, depth, attributes, errors, onChange, onRemove }: GroupEditorProps) {
  const id = `sr-scope-${idPath}`;
  const setCriterion = (k: number, patch: Partial<ScopeCriterion>, field: string): void =>
    onChange(
      { ...group, criteria: group.criteria.map((c, j) => (j === k ? { ...c, ...patch } : c)) },
      `${path}.criteria.${k}.${field}`,
    );

  return (
    <Box
      data-testid={id}
      sx={{
        border: 1,
        borderColor: errors[path] ? 'error.main' : 'divider',
        borderLeft: 3,
        borderLeftColor: group.match === 'all' ? 'primary.main' : 'secondary.main',
        borderRadius: 1,
        p: 1.5,
        bgcolor: depth % 2 ? 'action.hover' : 'transparent',
      }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
        <NativeSelectField
          ariaLabel="Group match"
          value={group.match}
          onChange={(v) => onChange({ ...group, match: v as ScopeGroup['match'] }, `${path}.match`)}
          testId={`${id}-match`}
          minWidth={220}
        >
          <option value="all">All of these must hold</option>
          <option value="any">Any one of these must hold</option>
        </NativeSelectField>
        <Box sx={{ flexGrow: 1 }} />
        <IconButton size="small" aria-label="Remove group" onClick={onRemove} data-testid={`${id}-remove`}>
          <CloseIcon fontSize="small" />
        </IconButton>
      </Stack>
      {errors[path] && (
        <Typography variant="caption" color="error" component="div" sx={{ mb: 1 }}>
          {errors[path]}
        </Typography>
      )}
      <Stack spacing={1}>
        {group.criteria.map((c, k) => {
          const cPath = `${path}.criteria.${k}`;
          const valueless = VALUELESS_OPERATORS.includes(c.operator);
          return (
            <Stack
              key={k}
              direction="row"
              spacing={1}
              sx={{ alignItems: 'flex-start' }}
              data-testid={`${id}-criterion-${k}`}
            >
              <AttributeSelect
                ariaLabel="Attribute"
                value={c.attribute}
                options={attributes}
                onChange={(attribute) => setCriterion(k, { attribute }, 'attribute')}
                testId={`${id}-attribute-${k}`}
                error={errors[`${cPath}.attribute`] ?? errors[cPath]}
                placeholder="Attribute…"
                minWidth={220}
              />
              <NativeSelectField
                ariaLabel="Operator"
                value={c.operator}
                onChange={(v) => setCriterion(k, { operator: v as ScopeOperator }, 'operator')}
                testId={`${id}-operator-${k}`}
                error={errors[`${cPath}.operator`]}
                minWidth={160}
              >
                {SCOPE_OPERATORS.map((op) => (
                  <option key={op} value={op}>
                    {SCOPE_OPERATOR_LABELS[op]}
                  </option>
                ))}
              </NativeSelectField>
              {!valueless && (
                <TextField
                  placeholder="Value"
                  value={c.value}
                  onChange={(e) => setCriterion(k, { value: e.target.value }, 'value')}
                  error={Boolean(errors[`${cPath}.value`])}
                  helperText={errors[`${cPath}.value`]}
                  sx={{ flex: 1, minWidth: 160 }}
                  slotProps={{
                    htmlInput: { 'aria-label': 'Value', 'data-testid': `${id}-value-${k}`, maxLength: 1000 },
                  }}
                />
              )}
              {valueless && <Box sx={{ flex: 1 }} />}
              <FormControlLabel
                label="Case-sensitive"
                disabled={valueless}
                control={
                  <Checkbox
                    size="small"
                    checked={c.caseSensitive}
                    onChange={(e) => setCriterion(k, { caseSensitive: e.target.checked }, 'caseSensitive')}
                    slotProps={{ input: testIdAttr(`${id}-case-${k}`) }}
                  />
                }
              />
              <IconButton
                size="small"
                aria-label="Remove criterion"
                onClick={() =>
                  onChange({ ...group, criteria: group.criteria.filter((_, j) => j !== k) }, `${path}.criteria`)
                }
                data-testid={`${id}-remove-${k}`}
                sx={{ mt: 0.5 }}
              >
                <CloseIcon fontSize="small" />
              </IconButton>
            </Stack>
          );
        })}
        {group.groups.map((child, g) => (
          <GroupEditor
            key={g}
            group={child}
            path={`${path}.groups.${g}`}
            idPath={`${idPath}-${g}`}
            depth={depth + 1}
            attributes={attributes}
            errors={errors}
            onChange={(next, touched) =>
              onChange({ ...group, groups: group.groups.map((x, j) => (j === g ? next : x)) }, touched)
            }
            onRemove={() => onChange({ ...group, groups: group.groups.filter((_, j) => j !== g) }, `${path}.groups`)}
          />
        ))}
        {group.criteria.length === 0 && group.groups.length === 0 && (
          <Typography variant="caption" color="text.secondary">
            An empty group always holds.
          </Typography>
        )}
      </Stack>
      <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
        <Button
          size="small"
          startIcon={<AddIcon />}
          onClick={() => onChange({ ...group, criteria: [...group.criteria, emptyCriterion()] }, `${path}.criteria`)}
          disabled={group.criteria.length >= 50}
          data-testid={`${id}-add-criterion`}
        >
          Criterion
        </Button>
        {depth + 1 < MAX_DEPTH && (
          <Button
            size="small"
            startIcon={<AddIcon />}
            onClick={() =>
              onChange(
                { ...group, groups: [...group.groups, { ...emptyGroup(), criteria: [emptyCriterion()] }] },
                `${path}.groups`,
              )
            }
            disabled={group.groups.length >= 20}
            data-testid={`${id}-add-group`}
          >
            Child group
          </Button>
        )}
      </Stack>
    </Box>
  );
}
