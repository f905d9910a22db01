import CloseIcon from '@mui/icons-material/Close';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { MV_CONDITION_OPERATORS, MV_CONDITION_OPERATOR_LABELS, VALUE_OPERATORS } from '../../../../shared/model/drill-down';
import type { MvConditionOperator } from '../../../../shared/model/drill-down';
import type { MetaverseSchema } from '../../../../shared/model/index';
import { NativeSelectField } from '../../components/native-select';
import { attributesFor } from './mv-format';
import type { WhereRow } from './mv-search-store';

interface ConditionFieldsProps {
  index: number;
  row: WhereRow;
  schema: MetaverseSchema | undefined;
  objectType: string;
  onChange(patch: Partial<WhereRow>): void;
  onRemove(): void;
}

/** One search condition: attribute, operator and (for operators that compare) a value. */
export function ConditionFields({ index, row, schema, objectType, onChange, onRemove }: ConditionFieldsProps) {
  const attributes = schema ? attributesFor(schema, objectType || null) : [];
  const known = attributes.some((a) => a.name === row.attribute);
  const needsValue = VALUE_OPERATORS.includes(row.operator);
  return (
    <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
      <NativeSelectField
        label="Attribute"
        value={row.attribute}
        onChange={(attribute) => onChange({ attribute })}
        testId={`mv-where-attribute-${index}`}
        minWidth={220}
      >
        <option value="">Choose an attribute…</option>
        {/* Keep a choice visible after switching to a type it is not bound to. */}
        {row.attribute && !known && <option value={row.attribute}>{row.attribute}</option>}
        {attributes.map((a) => (
          <option key={a.id} value={a.name}>
            {a.name}
          </option>
        ))}
      </NativeSelectField>
      <NativeSelectField
        label="Operator"
        value={row.operator}
        onChange={(operator) => onChange({ operator: operator as MvConditionOperator })}
        testId={`mv-where-operator-${index}`}
        minWidth={150}
      >
        {MV_CONDITION_OPERATORS.map((op) => (
          <option key={op} value={op}>
            {MV_CONDITION_OPERATOR_LABELS[op]}
          </option>
        ))}
      </NativeSelectField>
      {needsValue && (
        <TextField
          label="Value"
          value={row.value}
          onChange={(e) => onChange({ value: e.target.value })}
          sx={{ width: 280 }}
          slotProps={{ htmlInput: { 'data-testid': `mv-where-value-${index}`, maxLength: 200 } }}
        />
      )}
      <IconButton onClick={onRemove} aria-label="Remove condition" size="small" data-testid={`mv-where-remove-${index}`}>
        <CloseIcon fontSize="small" />
      </IconButton>
    </Stack>
  );
}
