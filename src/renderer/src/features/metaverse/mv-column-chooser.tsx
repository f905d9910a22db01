import ViewColumnIcon from '@mui/icons-material/ViewColumn';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Divider from '@mui/material/Divider';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState } from 'react';
import type { MvAttribute } from '../../../../shared/model/index';

interface ColumnChooserProps {
  attributes: MvAttribute[];
  /** The columns on screen now, in order. */
  shown: string[];
  /** null = back to the columns the page picks itself. */
  onChange(columns: string[] | null): void;
}

/** Picks the attribute columns of the metaverse search; the choice is remembered (see mv-columns.ts). */
export function ColumnChooser({ attributes, shown, onChange }: ColumnChooserProps) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const toggle = (name: string): void =>
    onChange(shown.includes(name) ? shown.filter((n) => n !== name) : [...shown, name]);
  return (
    <>
      <Button startIcon={<ViewColumnIcon />} onClick={(e) => setAnchor(e.currentTarget)} data-testid="mv-columns" sx={{ mt: 0.5 }}>
        Columns
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)} slotProps={{ paper: { sx: { maxHeight: 420 } } }}>
        {attributes.map((a) => (
          <MenuItem key={a.id} dense onClick={() => toggle(a.name)} data-testid={`mv-column-${a.name}`}>
            <Checkbox size="small" checked={shown.includes(a.name)} sx={{ p: 0.5, mr: 1 }} />
            <ListItemText primary={a.name} />
          </MenuItem>
        ))}
        <Divider />
        <MenuItem dense onClick={() => onChange(null)} data-testid="mv-columns-reset">
          <ListItemText primary="Default columns" />
        </MenuItem>
      </Menu>
    </>
  );
}
