// A HoustonSession binds the client to one caller's Houston credential and request id, so the
// typed operations below take only their own input.
import { createHash } from 'node:crypto';
import type { HoustonCallContext, HoustonClient, Variables } from './client.js';
import type { OperationName } from './documents.js';

export interface HoustonSession {
  run<T>(operation: OperationName, variables?: Variables): Promise<T>;
  /**
   * Stands for the credential in cache keys: a digest, so the key itself never leaves this
   * module, and two credentials never share cached answers.
   */
  readonly credentialFingerprint: string;
}

export function createHoustonSession(client: HoustonClient, context: HoustonCallContext): HoustonSession {
  let fingerprint: string | undefined;
  return {
    run: (operation, variables) => client.request(operation, variables, context),
    get credentialFingerprint() {
      fingerprint ??= createHash('sha256').update(context.credential ?? '').digest('base64url');
      return fingerprint;
    },
  };
}
