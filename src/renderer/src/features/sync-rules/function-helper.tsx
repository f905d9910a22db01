import FunctionsIcon from '@mui/icons-material/Functions';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import Popover from '@mui/material/Popover';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { FUNCTION_CATALOGUE } from '../../../../shared/expressions/index';
import type { FunctionInfo } from '../../../../shared/expressions/index';
import type { AttributeOption } from './sync-rule-form';

interface FunctionHelperProps {
  index: number;
  scope: 'cs' | 'mv';
  attributes: AttributeOption[];
  /** Inserts text at the cursor; `caretBack` moves the caret that many characters left of the insertion's end. */
  onInsert(text: string, caretBack: number): void;
}

function groupsOf(list: readonly FunctionInfo[]): [string, FunctionInfo[]][] {
  const map = new Map<string, FunctionInfo[]>();
  for (const f of list) map.set(f.group, [...(map.get(f.group) ?? []), f]);
  return [...map.entries()];
}

/** The function catalogue and the rule's attributes, one click from the expression. */
export function FunctionHelper({ index, scope, attributes, onInsert }: FunctionHelperProps) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [filter, setFilter] = useState('');
  const wanted = filter.trim().toLowerCase();
  const functions = FUNCTION_CATALOGUE.filter(
    (f) => !wanted || f.name.toLowerCase().includes(wanted) || f.description.toLowerCase().includes(wanted),
  );
  const matchingAttributes = attributes.filter((a) => !wanted || a.name.toLowerCase().includes(wanted));

  const insert = (text: string, caretBack: number): void => {
    setAnchor(null);
    onInsert(text, caretBack);
  };

  return (
    <>
      <Button
        size="small"
        startIcon={<FunctionsIcon />}
        onClick={(e) => setAnchor(e.currentTarget)}
        data-testid={`sr-flow-functions-${index}`}
      >
        Functions
      </Button>
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
        slotProps={{ paper: { sx: { width: 480, maxHeight: 460, display: 'flex', flexDirection: 'column' } } }}
      >
        <Box sx={{ p: 1.5, borderBottom: 1, borderColor: 'divider' }}>
          <TextField
            autoFocus
            fullWidth
            placeholder="Filter functions and attributes"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            slotProps={{ htmlInput: { 'data-testid': 'sr-function-filter' } }}
          />
        </Box>
        <List dense sx={{ overflow: 'auto', py: 0 }} data-testid="sr-function-list">
          {groupsOf(functions).map(([group, list]) => (
            <li key={group}>
              <ul style={{ padding: 0 }}>
                <ListSubheader sx={{ lineHeight: '32px' }}>{group}</ListSubheader>
                {list.map((f) => (
                  <ListItemButton
                    key={f.name}
                    onClick={() => insert(`${f.name}()`, 1)}
                    data-testid={`sr-function-${f.name}`}
                  >
                    <ListItemText
                      primary={f.signature + (f.nonDeterministic ? '  · varies per run' : '')}
                      secondary={f.description}
                      slotProps={{ primary: { sx: { fontFamily: 'monospace', fontSize: '0.8125rem' } } }}
                    />
                  </ListItemButton>
                ))}
              </ul>
            </li>
          ))}
          {matchingAttributes.length > 0 && (
            <li>
              <ul style={{ padding: 0 }}>
                <ListSubheader sx={{ lineHeight: '32px' }}>Attributes</ListSubheader>
                {matchingAttributes.map((a) => (
                  <ListItemButton
                    key={a.name}
                    onClick={() => insert(`${scope}["${a.name}"]`, 0)}
                    data-testid={`sr-function-attr-${a.name}`}
                  >
                    <ListItemText
                      primary={`${scope}["${a.name}"]`}
                      secondary={a.hint}
                      slotProps={{ primary: { sx: { fontFamily: 'monospace', fontSize: '0.8125rem' } } }}
                    />
                  </ListItemButton>
                ))}
              </ul>
            </li>
          )}
        </List>
      </Popover>
    </>
  );
}
