import AddIcon from '@mui/icons-material/Add';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import CloseIcon from '@mui/icons-material/Close';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { testIdAttr } from '../../components/test-id';
import { AttributeSelect } from './attribute-select';
import { newMatch } from './sync-rule-form';
import type { AttributeOption, FieldErrors, MatchDraft } from './sync-rule-form';

const MAX_SOURCES = 5;

interface MatchingSectionProps {
  rules: MatchDraft[];
  inbound: boolean;
  /** The rule's own side (inbound: connector space) and the other side (inbound: metaverse). */
  sourceAttributes: AttributeOption[];
  targetAttributes: AttributeOption[];
  errors: FieldErrors;
  onChange(rules: MatchDraft[], touched: string): void;
}

export function MatchingSection(props: MatchingSectionProps) {
  const { rules, inbound, sourceAttributes, targetAttributes, errors, onChange } = props;
  const update = (i: number, patch: Partial<MatchDraft>, field: string): void =>
    onChange(
      rules.map((r, j) => (j === i ? { ...r, ...patch } : r)),
      `matching.${i}.${field}`,
    );
  const move = (i: number, to: number): void => {
    const next = [...rules];
    const [moved] = next.splice(i, 1);
    if (moved) next.splice(to, 0, moved);
    onChange(next, 'matching');
  };

  return (
    <Stack spacing={1.5} data-testid="sr-matching">
      <Typography variant="body2" color="text.secondary">
        {inbound
          ? 'How an unjoined connector space object finds its existing metaverse object. Join is tried before projection; a rule matching more than one object is an error.'
          : 'How a metaverse object finds an existing, unjoined object in this system before provisioning a new one. A rule matching more than one object is an error.'}{' '}
        Rules are tried in order; the first with exactly one match wins. Several source attributes are joined with a
        space.
      </Typography>
      {rules.map((rule, i) => {
        const path = `matching.${i}`;
        return (
          <Stack
            key={rule.key}
            direction="row"
            spacing={1}
            sx={{ alignItems: 'flex-start', border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5 }}
            data-testid={`sr-match-${i}`}
          >
            <Typography variant="body2" color="text.secondary" sx={{ width: 20, mt: 1 }}>
              {i + 1}.
            </Typography>
            <Stack spacing={1}>
              {rule.sources.map((source, j) => (
                <Stack key={j} direction="row" spacing={0.5} sx={{ alignItems: 'flex-start' }}>
                  <AttributeSelect
                    label={j === 0 ? (inbound ? 'Connector space attribute' : 'Metaverse attribute') : undefined}
                    ariaLabel={`Source attribute ${j + 1}`}
                    value={source}
                    options={sourceAttributes}
                    onChange={(v) =>
                      update(i, { sources: rule.sources.map((s, k) => (k === j ? v : s)) }, `sources.${j}`)
                    }
                    testId={j === 0 ? `sr-match-source-${i}` : `sr-match-source-${i}-${j}`}
                    error={errors[`${path}.sources.${j}`] ?? (j === 0 ? errors[`${path}.sources`] : undefined)}
                    minWidth={240}
                  />
                  {j > 0 && (
                    <IconButton
                      size="small"
                      aria-label="Remove source attribute"
                      onClick={() => update(i, { sources: rule.sources.filter((_, k) => k !== j) }, 'sources')}
                      data-testid={`sr-match-remove-source-${i}-${j}`}
                      sx={{ mt: 0.5 }}
                    >
                      <CloseIcon fontSize="small" />
                    </IconButton>
                  )}
                </Stack>
              ))}
              {rule.sources.length < MAX_SOURCES && (
                <Box>
                  <Button
                    size="small"
                    startIcon={<AddIcon />}
                    onClick={() => update(i, { sources: [...rule.sources, ''] }, 'sources')}
                    data-testid={`sr-match-add-source-${i}`}
                  >
                    Source attribute
                  </Button>
                </Box>
              )}
            </Stack>
            <Typography sx={{ mt: 1, color: 'text.secondary' }}>equals</Typography>
            <AttributeSelect
              label={inbound ? 'Metaverse attribute' : 'Connector space attribute'}
              value={rule.target}
              options={targetAttributes}
              onChange={(target) => update(i, { target }, 'target')}
              testId={`sr-match-target-${i}`}
              error={errors[`${path}.target`] ?? errors[path]}
              minWidth={240}
            />
            <FormControlLabel
              label="Case-sensitive"
              control={
                <Checkbox
                  size="small"
                  checked={rule.caseSensitive}
                  onChange={(e) => update(i, { caseSensitive: e.target.checked }, 'caseSensitive')}
                  slotProps={{ input: testIdAttr(`sr-match-case-${i}`) }}
                />
              }
            />
            <Box sx={{ flexGrow: 1 }} />
            <IconButton
              size="small"
              aria-label="Move up"
              disabled={i === 0}
              onClick={() => move(i, i - 1)}
              data-testid={`sr-match-up-${i}`}
            >
              <ArrowUpwardIcon fontSize="small" />
            </IconButton>
            <IconButton
              size="small"
              aria-label="Move down"
              disabled={i === rules.length - 1}
              onClick={() => move(i, i + 1)}
              data-testid={`sr-match-down-${i}`}
            >
              <ArrowDownwardIcon fontSize="small" />
            </IconButton>
            <IconButton
              size="small"
              aria-label="Remove matching rule"
              onClick={() =>
                onChange(
                  rules.filter((_, j) => j !== i),
                  'matching',
                )
              }
              data-testid={`sr-match-remove-${i}`}
            >
              <CloseIcon fontSize="small" />
            </IconButton>
          </Stack>
        );
      })}
      <Box>
        <Button
          startIcon={<AddIcon />}
          onClick={() => onChange([...rules, newMatch()], 'matching')}
          disabled={rules.length >= 10}
          data-testid="sr-add-match"
        >
          Add matching rule
        </Button>
      </Box>
    </Stack>
  );
}
