// A HoustonSession binds the client to one caller's Houston credential and request id, so the
// typed operations below take only their own input.
import type { HoustonCallContext, HoustonClient, Variables } from './client.js';
import type { OperationName } from './documents.js';

export interface HoustonSession {
  run<T>(operation: OperationName, variables?: Variables): Promise<T>;
}

export function createHoustonSession(client: HoustonClient, context: HoustonCallContext): HoustonSession {
  return { run: (operation, variables) => client.request(operation, variables, context) };
}
