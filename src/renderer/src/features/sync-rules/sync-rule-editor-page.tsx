import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import type { SyncRule } from '../../../../shared/model/index';
import { ApiError, api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { EditorActionBar } from '../../components/editor-action-bar';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { formatDateTime } from '../../components/format';
import type { TestContext } from './expression-test';
import { FlowsSection } from './flows-section';
import { GeneralSection } from './general-section';
import { MatchingSection } from './matching-section';
import { ScopingSection } from './scoping-section';
import {
  csAttributeOptions,
  csObjectTypes,
  describePath,
  draftFromRule,
  emptyDraft,
  inputFromDraft,
  mvAttributeOptions,
  withoutErrors,
} from './sync-rule-form';
import type { FieldErrors, SyncRuleDraft } from './sync-rule-form';
import { DirectionChip } from './sync-rules-table';

export function SyncRuleEditorPage() {
  const params = useParams();
  const idParam = params['id'];
  const id = Number(idParam);
  const isNew = idParam === undefined;
  const rule = useQuery(
    () => (isNew ? Promise.resolve(null) : api.call('syncRules.get', { id })),
    `sync-rule-${idParam ?? 'new'}`,
  );

  if (!isNew && (!Number.isInteger(id) || id <= 0)) return <Alert severity="error">Invalid sync rule id</Alert>;
  if (rule.error) return <Alert severity="error">{rule.error}</Alert>;
  if (rule.data === undefined) return <LinearProgress />;
  // Keyed so that a newly created rule (new URL) starts from the server's copy.
  return <Editor key={rule.data?.id ?? 'new'} rule={rule.data} />;
}

type Summary = { message: string; fields: FieldErrors } | null;

/** Keeps row keys (and so open test panels) when the server's copy replaces the draft after a save. */
function keepKeys(next: SyncRuleDraft, previous: SyncRuleDraft): SyncRuleDraft {
  return {
    ...next,
    flows: next.flows.map((f, i) => ({ ...f, key: previous.flows[i]?.key ?? f.key })),
    matching: next.matching.map((m, i) => ({ ...m, key: previous.matching[i]?.key ?? m.key })),
  };
}

function Editor({ rule: loaded }: { rule: SyncRule | null }) {
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const [rule, setRule] = useState(loaded);
  const [draft, setDraft] = useState<SyncRuleDraft>(() =>
    loaded ? draftFromRule(loaded) : emptyDraft(Number(searchParams.get('systemId')) || null),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [summary, setSummary] = useState<Summary>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [testObject, setTestObject] = useState('');
  const summaryRef = useRef<HTMLDivElement>(null);
  // A refused save is reported at the top of a long page: bring it into view.
  useEffect(() => {
    if (summary) summaryRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [summary]);

  const systems = useQuery(() => api.call('systems.list', {}), 'systems');
  const schema = useQuery(() => api.call('metaverse.schema', {}), 'mv-schema');
  const systemId = draft.connectedSystemId;
  const system = useQuery(
    () => (systemId === null ? Promise.resolve(undefined) : api.call('systems.get', { id: systemId })),
    `system-${systemId ?? 'none'}`,
  );

  // A system with a single object type needs no choice.
  const onlyType = csObjectTypes(system.data);
  const autoType = draft.csObjectType === '' && onlyType.length === 1 ? onlyType[0] : undefined;
  useEffect(() => {
    if (autoType) setDraft((d) => (d.csObjectType === '' ? { ...d, csObjectType: autoType } : d));
  }, [autoType]);

  const inbound = draft.direction === 'inbound';
  const csOptions = csAttributeOptions(system.data, draft.csObjectType);
  const mvOptions = mvAttributeOptions(schema.data, draft.mvObjectType);
  const sourceOptions = inbound ? csOptions : mvOptions;
  const targetOptions = inbound ? mvOptions : csOptions;
  const systemName = systems.data?.find((s) => s.id === systemId)?.name ?? system.data?.name;
  const dirty =
    rule === null || JSON.stringify(inputFromDraft(draft)) !== JSON.stringify(inputFromDraft(draftFromRule(rule)));

  const change = (patch: Partial<SyncRuleDraft>, touched: string[]): void => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors((e) => touched.reduce(withoutErrors, e));
  };

  const testContext: TestContext = {
    inbound,
    systemId,
    mvObjectType: draft.mvObjectType,
    object: testObject,
    setObject: setTestObject,
  };

  const save = async (): Promise<void> => {
    setSaving(true);
    setSummary(null);
    try {
      const input = inputFromDraft(draft);
      if (rule) {
        const saved = await api.call('syncRules.update', { ...input, id: rule.id });
        setRule(saved);
        setDraft((d) => keepKeys(draftFromRule(saved), d));
        setErrors({});
        setNotice('Sync rule saved');
      } else {
        const saved = await api.call('syncRules.create', input);
        void navigate(`/sync-rules/${saved.id}`, { replace: true, state: { notice: 'Sync rule created' } });
      }
    } catch (err) {
      const fields = err instanceof ApiError && err.fields ? err.fields : {};
      setErrors(fields);
      setSummary({ message: errorMessage(err), fields });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box
      data-testid="sync-rule-editor"
      component="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Paper sx={{ p: 2, mb: 2 }}>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
          <IconButton component={Link} to="/sync-rules" size="small" aria-label="Back to sync rules">
            <ArrowBackIcon fontSize="small" />
          </IconButton>
          <Box sx={{ flexGrow: 1, minWidth: 0 }}>
            <Typography variant="h5" data-testid="sr-title">
              {rule ? rule.name : 'New sync rule'}
            </Typography>
            {rule && (
              <Typography variant="caption" color="text.secondary">
                {rule.systemName} · {rule.csObjectType} {rule.direction === 'inbound' ? '→' : '←'} {rule.mvObjectType} ·
                last changed {formatDateTime(rule.updatedAt)}
              </Typography>
            )}
          </Box>
          <DirectionChip direction={draft.direction} />
          {rule && !rule.enabled && <Chip size="small" variant="outlined" label="Disabled" />}
        </Stack>
      </Paper>

      {summary && (
        <Alert
          ref={summaryRef}
          severity="error"
          sx={{ mb: 2, scrollMarginTop: 64 }}
          data-testid="sr-error"
          onClose={() => setSummary(null)}
        >
          {/* With field errors the server's message only repeats them; the list says where each one is. */}
          <strong>
            {Object.keys(summary.fields).length > 0
              ? `The sync rule was not saved: ${Object.keys(summary.fields).length} problem${Object.keys(summary.fields).length === 1 ? '' : 's'}`
              : summary.message}
          </strong>
          {Object.keys(summary.fields).length > 0 && (
            <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
              {Object.entries(summary.fields).map(([path, message]) => (
                <li key={path} data-testid="sr-error-item" data-path={path}>
                  {describePath(path, draft)}: {message}
                </li>
              ))}
            </Box>
          )}
        </Alert>
      )}
      {(systems.error || schema.error || system.error) && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {systems.error ?? schema.error ?? system.error}
        </Alert>
      )}

      <Stack spacing={2}>
        <Section title="General" testId="sr-section-general">
          <GeneralSection
            draft={draft}
            errors={errors}
            saved={rule !== null}
            systems={systems.data ?? []}
            system={system.data}
            schema={schema.data}
            onChange={(patch) => change(patch, Object.keys(patch))}
          />
        </Section>
        <Section title="Scoping" testId="sr-section-scoping">
          <ScopingSection
            groups={draft.scoping}
            attributes={sourceOptions}
            sideLabel={
              inbound
                ? `${systemName ?? 'connected system'} ${draft.csObjectType || ''}`.trim()
                : `metaverse ${draft.mvObjectType}`.trim()
            }
            errors={errors}
            onChange={(scoping, touched) => change({ scoping }, [touched])}
          />
        </Section>
        <Section title={inbound ? 'Matching (join) rules' : 'Matching rules'} testId="sr-section-matching">
          <MatchingSection
            rules={draft.matching}
            inbound={inbound}
            sourceAttributes={sourceOptions}
            targetAttributes={targetOptions}
            errors={errors}
            onChange={(matching, touched) => change({ matching }, [touched])}
          />
        </Section>
        <Section title="Attribute flows" testId="sr-section-flows">
          <FlowsSection
            flows={draft.flows}
            inbound={inbound}
            targetOptions={targetOptions}
            sourceOptions={sourceOptions}
            errors={errors}
            testContext={testContext}
            onChange={(flows, touched) => change({ flows }, [touched])}
          />
        </Section>
      </Stack>

      <EditorActionBar
        testIdPrefix="sr"
        noun="sync rule"
        isNew={!rule}
        dirty={dirty}
        saving={saving}
        dirtyHint="Unsaved changes. Saved rules apply from the next synchronisation; run a full synchronisation to apply them to every object."
        onDiscard={() => {
          if (!rule) return;
          setDraft(draftFromRule(rule));
          setErrors({});
          setSummary(null);
        }}
        onDelete={() => setConfirmDelete(true)}
      />

      {rule && (
        <ConfirmDialog
          open={confirmDelete}
          title={`Delete sync rule "${rule.name}"?`}
          message="The rule, its flows and its place in attribute priorities are removed. Objects it joined stay joined until they are next synchronised."
          confirmLabel="Delete sync rule"
          onConfirm={async () => {
            await api.call('syncRules.delete', { id: rule.id });
            void navigate('/sync-rules');
          }}
          onClose={() => setConfirmDelete(false)}
        />
      )}
      <Snackbar
        open={notice !== null}
        autoHideDuration={3000}
        onClose={() => setNotice(null)}
        message={notice}
        // Above the sticky action bar, not over it.
        anchorOrigin={{ vertical: 'top', horizontal: 'center' }}
        sx={{ top: { xs: 64 } }}
      />
    </Box>
  );
}

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Paper sx={{ p: 2 }} data-testid={testId}>
      <Typography variant="subtitle1" sx={{ fontWeight: 600, mb: 1.5 }}>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}
