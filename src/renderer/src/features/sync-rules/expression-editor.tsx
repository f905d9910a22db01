import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useDeferredValue, useMemo, useRef } from 'react';
import type { ReactNode } from 'react';
import { parseExpression } from '../../../../shared/expressions/index';
import type { ExpressionProblem } from '../../../../shared/expressions/index';
import { FunctionHelper } from './function-helper';
import type { AttributeOption } from './sync-rule-form';

interface ExpressionEditorProps {
  index: number;
  value: string;
  scope: 'cs' | 'mv';
  attributes: AttributeOption[];
  /** The server's verdict from the last save; shown until the text is edited. */
  serverError: string | undefined;
  onChange(value: string): void;
  /** Extra toolbar content (the Test button). */
  actions?: ReactNode;
}

/** Validates as you type with the same parser the engine uses, so a rule that saves also runs. */
export function ExpressionEditor({
  index,
  value,
  scope,
  attributes,
  serverError,
  onChange,
  actions,
}: ExpressionEditorProps) {
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const deferred = useDeferredValue(value);
  const parsed = useMemo(
    () => (deferred.trim() === '' ? null : parseExpression(deferred, { scope })),
    [deferred, scope],
  );
  const problem = parsed && !parsed.ok ? parsed.error : null;
  const known = new Set(attributes.map((a) => a.name.toLowerCase()));
  const unknownInputs =
    parsed?.ok && attributes.length > 0
      ? parsed.expression.inputs.filter((i) => !known.has(i.name.toLowerCase())).map((i) => i.name)
      : [];

  const insert = (text: string, caretBack: number): void => {
    const el = inputRef.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    onChange(value.slice(0, start) + text + value.slice(end));
    const caret = start + text.length - caretBack;
    // After React has written the new value, put the caret inside the inserted call.
    requestAnimationFrame(() => {
      inputRef.current?.focus();
      inputRef.current?.setSelectionRange(caret, caret);
    });
  };

  return (
    <Stack spacing={0.5} sx={{ flex: 1, minWidth: 280 }}>
      <TextField
        multiline
        minRows={2}
        maxRows={12}
        fullWidth
        placeholder={
          scope === 'cs' ? 'e.g. Lower(cs["givenName"]) + "." + Lower(cs["sn"])' : 'e.g. Upper(mv["displayName"])'
        }
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={Boolean(serverError || problem)}
        inputRef={inputRef}
        slotProps={{
          htmlInput: {
            'data-testid': `sr-flow-expression-${index}`,
            'aria-label': 'Expression',
            spellCheck: false,
            maxLength: 4096,
          },
          input: { sx: { fontFamily: 'monospace', fontSize: '0.8125rem' } },
        }}
      />
      {(serverError || problem) && (
        <Box data-testid={`sr-flow-expression-error-${index}`}>
          {serverError && (
            <Typography variant="caption" color="error" component="div">
              {serverError}
            </Typography>
          )}
          {!serverError && problem && <ProblemView source={deferred} problem={problem} />}
        </Box>
      )}
      {parsed?.ok && (
        <Typography variant="caption" color="text.secondary" data-testid={`sr-flow-expression-ok-${index}`}>
          {parsed.expression.inputs.length > 0
            ? `Reads ${parsed.expression.inputs.map((i) => `${i.scope}["${i.name}"]`).join(', ')}`
            : 'Reads no attributes'}
          {parsed.expression.nonDeterministic ? ' · gives a different value on each run' : ''}
        </Typography>
      )}
      {unknownInputs.length > 0 && (
        <Typography variant="caption" color="warning.main" data-testid={`sr-flow-expression-warning-${index}`}>
          Not in the schema: {unknownInputs.join(', ')} (it reads as missing).
        </Typography>
      )}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <FunctionHelper index={index} scope={scope} attributes={attributes} onInsert={insert} />
        {actions}
      </Stack>
    </Stack>
  );
}

/** The message with the offending line and a caret under the position. */
function ProblemView({ source, problem }: { source: string; problem: ExpressionProblem }) {
  if (problem.position === null)
    return (
      <Typography variant="caption" color="error" component="div">
        {problem.message}
      </Typography>
    );
  const before = source.slice(0, problem.position);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = problem.position - lineStart;
  const lineEnd = source.indexOf('\n', lineStart);
  const text = source.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  return (
    <Box>
      <Typography variant="caption" color="error" component="div">
        {problem.message} — at {line > 1 ? `line ${line}, ` : ''}position {column + 1}
      </Typography>
      <Box
        component="pre"
        sx={{
          m: 0,
          fontFamily: 'monospace',
          fontSize: '0.75rem',
          color: 'error.main',
          whiteSpace: 'pre',
          overflow: 'auto',
        }}
      >
        {text}
        {'\n'}
        {' '.repeat(column)}^
      </Box>
    </Box>
  );
}
