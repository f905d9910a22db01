export * from './database';
export * from './repos/activities';
export * from './repos/connector-space';
export * from './repos/execution-items';
export * from './repos/run-jobs';
export * from './repos/run-profiles';
export * from './repos/schema';
export * from './repos/systems';
export { LATEST_VERSION, MIGRATIONS, migrate } from './migrations';
