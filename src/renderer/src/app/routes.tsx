import { Navigate, Route, Routes } from 'react-router';
import { ActivitiesPage } from '../features/activities/activities-page';
import { ActivityPage } from '../features/activities/activity-page';
import { SystemPage } from '../features/systems/system-page';
import { SystemsPage } from '../features/systems/systems-page';
import { AppShell } from './app-shell';

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<Navigate to="/systems" replace />} />
        <Route path="systems" element={<SystemsPage />} />
        <Route path="systems/:id" element={<SystemPage />} />
        <Route path="systems/:id/:tab" element={<SystemPage />} />
        <Route path="activities" element={<ActivitiesPage />} />
        <Route path="activities/:id" element={<ActivityPage />} />
        <Route path="*" element={<Navigate to="/systems" replace />} />
      </Route>
    </Routes>
  );
}
