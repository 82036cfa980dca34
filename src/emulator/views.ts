// Shapes handed to GraphQL where a record must not be exposed as is.
import type { ServiceAccountRecord } from './model.js';

export type ServiceAccountView = Omit<ServiceAccountRecord, 'apiKey'> & { apiKey: string | null };

/**
 * Houston shows a service account's key once, in the create result; lists and deletes answer
 * apiKey null (the CLI prints an empty key column then).
 */
export function serviceAccountView(account: ServiceAccountRecord, revealKey = false): ServiceAccountView {
  return { ...account, apiKey: revealKey ? account.apiKey : null };
}
