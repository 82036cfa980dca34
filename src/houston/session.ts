// A HoustonSession binds the client to one caller's Houston credential and request id, so the
// typed operations below take only their own input.
import { createHash } from 'node:crypto';
import type { HoustonCallContext, HoustonClient, Variables } from './client.js';
import { houstonCalls, type HoustonCallEvent } from './call-events.js';
import type { OperationName } from './documents.js';
import { isGatewayError } from '../errors.js';

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
    async run(operation, variables) {
      if (!houstonCalls.hasSubscribers) return client.request(operation, variables, context);
      const started = performance.now();
      let outcome = 'ok';
      try {
        return await client.request(operation, variables, context);
      } catch (error) {
        outcome = isGatewayError(error) ? error.code : 'GW_INTERNAL';
        throw error;
      } finally {
        const event: HoustonCallEvent = { client, operation, durationSeconds: (performance.now() - started) / 1000, outcome };
        houstonCalls.publish(event);
      }
    },
    get credentialFingerprint() {
      fingerprint ??= createHash('sha256').update(context.credential ?? '').digest('base64url');
      return fingerprint;
    },
  };
}
