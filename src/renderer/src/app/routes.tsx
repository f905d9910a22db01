import { Navigate, Route, Routes } from 'react-router';
import { ActivitiesPage } from '../features/activities/activities-page';
import { ActivityPage } from '../features/activities/activity-page';
import { MetaversePage } from '../features/metaverse/metaverse-page';
import { MvObjectPage } from '../features/metaverse/mv-object-page';
import { MvSchemaPage } from '../features/mv-schema/mv-schema-page';
import { PresenterPage } from '../features/presenter/presenter-page';
import { ScheduleEditorPage } from '../features/schedules/schedule-editor-page';
import { SchedulesPage } from '../features/schedules/schedules-page';
import { SettingsPage } from '../features/settings/settings-page';
import { SyncRuleEditorPage } from '../features/sync-rules/sync-rule-editor-page';
import { SyncRulesPage } from '../features/sync-rules/sync-rules-page';
import { SystemPage } from '../features/systems/system-page';
import { SystemsPage } from '../features/systems/systems-page';
import { AppShell } from './app-shell';

export function AppRoutes() {
  return (
    <Routes>
      {/* Full window, outside the shell: no drawer, no app bar. */}
      <Route path="present" element={<PresenterPage />} />
      <Route path="present/:executionId" element={<PresenterPage />} />
      <Route element={<AppShell />}>
        <Route index element={<Navigate to="/systems" replace />} />
        <Route path="systems" element={<SystemsPage />} />
        <Route path="systems/:id" element={<SystemPage />} />
        <Route path="systems/:id/:tab" element={<SystemPage />} />
        <Route path="metaverse" element={<MetaversePage />} />
        <Route path="metaverse/:id" element={<MvObjectPage />} />
        <Route path="metaverse-schema" element={<MvSchemaPage />} />
        <Route path="sync-rules" element={<SyncRulesPage />} />
        <Route path="sync-rules/new" element={<SyncRuleEditorPage />} />
        <Route path="sync-rules/:id" element={<SyncRuleEditorPage />} />
        <Route path="activities" element={<ActivitiesPage />} />
        <Route path="activities/:id" element={<ActivityPage />} />
        <Route path="schedules" element={<SchedulesPage />} />
        <Route path="schedules/new" element={<ScheduleEditorPage />} />
        <Route path="schedules/:id" element={<ScheduleEditorPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="*" element={<Navigate to="/systems" replace />} />
      </Route>
    </Routes>
  );
}
