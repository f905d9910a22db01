import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initApi } from './api/client';
import { subscribeActivityEvents } from './api/activity-store';
import { subscribeExecutionEvents } from './api/execution-store';
import { App } from './app/app';

initApi();
subscribeActivityEvents();
subscribeExecutionEvents();

const root = document.getElementById('root');
if (!root) throw new Error('Missing #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
