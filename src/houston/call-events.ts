// Every Houston call is published on a diagnostics channel (free when nobody listens), so metrics
// and tracing observe calls without the client knowing about them.
import { channel } from 'node:diagnostics_channel';
import type { HoustonClient } from './client.js';
import type { AnyOperation } from './operation.js';

export interface HoustonCallEvent {
  /** The client that made the call: listeners keep to their own app's calls. */
  client: HoustonClient;
  operation: string;
  durationSeconds: number;
  /** `ok`, or the gateway error code the call failed with. */
  outcome: string;
}

export const houstonCalls = channel('houston-gateway:houston-call');

/**
 * Runs one Houston call (detection, waiting, retries included) inside a span that is the parent of
 * its HTTP attempts (src/tracing). Given to the Houston plugin only when tracing is on; without it a
 * call does no tracing work at all.
 */
export type HoustonCallTracer = <T>(operation: AnyOperation, run: () => Promise<T>) => Promise<T>;
