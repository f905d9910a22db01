import AddIcon from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { TestContext } from './expression-test';
import { FlowRow } from './flow-row';
import { newFlow } from './sync-rule-form';
import type { AttributeOption, FieldErrors, FlowDraft } from './sync-rule-form';

interface FlowsSectionProps {
  flows: FlowDraft[];
  inbound: boolean;
  targetOptions: AttributeOption[];
  sourceOptions: AttributeOption[];
  errors: FieldErrors;
  testContext: TestContext;
  onChange(flows: FlowDraft[], touched: string): void;
}

export function FlowsSection(props: FlowsSectionProps) {
  const { flows, inbound, errors, onChange } = props;
  return (
    <Stack spacing={1.5}>
      <Typography variant="body2" color="text.secondary">
        {inbound
          ? 'Each flow fills one metaverse attribute from this system: an attribute, a constant or an expression over cs["…"]. Where several rules flow into the same attribute, Attribute priority on the Metaverse Schema page decides.'
          : 'Each flow fills one attribute of the target object from the metaverse: an attribute, a constant or an expression over mv["…"]. Only changed values are exported.'}
      </Typography>
      {errors['flows'] && (
        <Typography variant="caption" color="error">
          {errors['flows']}
        </Typography>
      )}
      <Table data-testid="sr-flows">
        <TableHead>
          <TableRow>
            <TableCell>#</TableCell>
            <TableCell>{inbound ? 'Metaverse attribute' : 'System attribute'}</TableCell>
            <TableCell>Source</TableCell>
            <TableCell>Options</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {flows.map((flow, i) => (
            <FlowRow
              key={flow.key}
              index={i}
              flow={flow}
              inbound={inbound}
              targetOptions={props.targetOptions}
              sourceOptions={props.sourceOptions}
              errors={errors}
              testContext={props.testContext}
              onChange={(patch, touched) =>
                onChange(
                  flows.map((f, j) => (j === i ? { ...f, ...patch } : f)),
                  touched,
                )
              }
              onRemove={() =>
                onChange(
                  flows.filter((_, j) => j !== i),
                  'flows',
                )
              }
            />
          ))}
          {flows.length === 0 && (
            <TableRow>
              <TableCell
                colSpan={5}
                sx={{ color: 'text.secondary', textAlign: 'center', py: 3 }}
                data-testid="sr-flows-empty"
              >
                No attribute flows yet.
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <Box>
        <Button
          startIcon={<AddIcon />}
          onClick={() => onChange([...flows, newFlow()], 'flows')}
          disabled={flows.length >= 500}
          data-testid="sr-add-flow"
        >
          Add flow
        </Button>
      </Box>
    </Stack>
  );
}
