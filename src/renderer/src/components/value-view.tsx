import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { AttributeValue, ScalarValue } from '../../../shared/model/index';

export function formatScalar(value: ScalarValue): string {
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
}

/** Single values as text, multi-valued ones as chips; whitespace-only text is flagged, not shown blank. */
export function ValueView({ value }: { value: AttributeValue }) {
  if (!Array.isArray(value)) return <ScalarText value={value} />;
  if (value.length === 0)
    return (
      <Typography variant="body2" color="text.disabled" component="span">
        —
      </Typography>
    );
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {value.map((v, i) => (
        <Chip key={i} size="small" variant="outlined" label={formatScalar(v)} />
      ))}
    </Stack>
  );
}

function ScalarText({ value }: { value: ScalarValue }) {
  const text = formatScalar(value);
  if (text.trim() === '')
    return (
      <Typography variant="body2" color="text.secondary" component="span" sx={{ fontStyle: 'italic' }}>
        {text === '' ? '(empty)' : '(whitespace)'}
      </Typography>
    );
  return <span style={{ wordBreak: 'break-all' }}>{text}</span>;
}

/** One line of text for table cells: multi-valued values joined, with a count when long. */
export function summariseValue(value: AttributeValue | undefined): string {
  if (value === undefined) return '';
  if (!Array.isArray(value)) return formatScalar(value);
  const shown = value.slice(0, 3).map(formatScalar).join(', ');
  return value.length > 3 ? `${shown} (+${value.length - 3})` : shown;
}
