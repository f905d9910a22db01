import DeleteIcon from '@mui/icons-material/Delete';
import EditIcon from '@mui/icons-material/Edit';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { MetaverseSchema, MvAttribute } from '../../../../shared/model/index';
import { formatNumber } from '../../components/format';
import { MV_TYPE_LABELS } from './mv-attribute-dialog';

interface MvAttributesTableProps {
  schema: MetaverseSchema;
  onEdit(attribute: MvAttribute): void;
  onDelete(attribute: MvAttribute): void;
}

export function MvAttributesTable({ schema, onEdit, onDelete }: MvAttributesTableProps) {
  const typeName = new Map(schema.objectTypes.map((t) => [t.id, t.name]));
  const attributes = [...schema.attributes].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Table data-testid="mv-attributes-table">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell sx={{ width: 120 }}>Type</TableCell>
          <TableCell sx={{ width: 100 }}>Plurality</TableCell>
          <TableCell>Bound to</TableCell>
          <TableCell align="right" sx={{ width: 110 }}>
            Values
          </TableCell>
          <TableCell align="right" sx={{ width: 100 }} />
        </TableRow>
      </TableHead>
      <TableBody>
        {attributes.map((a) => (
          <TableRow key={a.id} data-testid={`mv-attr-row-${a.name}`}>
            <TableCell sx={{ fontFamily: 'monospace' }}>
              {a.name}
              {a.builtIn && <Chip size="small" variant="outlined" label="built-in" sx={{ ml: 1 }} />}
            </TableCell>
            <TableCell>{MV_TYPE_LABELS[a.type] ?? a.type}</TableCell>
            <TableCell>{a.multiValued ? 'Multi' : 'Single'}</TableCell>
            <TableCell>
              {a.boundTypeIds.length === 0 ? (
                <Typography variant="body2" color="text.secondary">
                  Not bound
                </Typography>
              ) : (
                <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
                  {a.boundTypeIds.map((id) => (
                    <Chip key={id} size="small" label={typeName.get(id) ?? `#${id}`} />
                  ))}
                </Stack>
              )}
            </TableCell>
            <TableCell align="right" data-testid={`mv-attr-count-${a.name}`}>
              {formatNumber(a.valueCount)}
            </TableCell>
            <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
              <IconButton
                size="small"
                aria-label={`Edit ${a.name}`}
                onClick={() => onEdit(a)}
                data-testid={`mv-attr-edit-${a.name}`}
              >
                <EditIcon fontSize="small" />
              </IconButton>
              <IconButton
                size="small"
                aria-label={`Delete ${a.name}`}
                disabled={a.builtIn}
                onClick={() => onDelete(a)}
                data-testid={`mv-attr-delete-${a.name}`}
              >
                <DeleteIcon fontSize="small" />
              </IconButton>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
