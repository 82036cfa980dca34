// Houston operation documents used by the emulator tests: the official client's text for a 0.35
// platform (FACTS §3, in canonical form), and the documentation-only operations (FACTS §5.4).
export * from './documents/cli-workspaces.js';
export * from './documents/cli-deployments.js';
export * from './documents/cli-users.js';
export * from './documents/cli-service-accounts.js';
export * from './documents/documented.js';
