// What the app needs from tracing, as types only: app.ts imports this file, and loads the
// OpenTelemetry SDK (start.ts) with a dynamic import only when tracing is on, so a gateway without
// tracing never loads, starts or registers any of it.
import type { FastifyPluginAsync } from 'fastify';
import type { TracingConfig } from '../config-tracing.js';
import type { HoustonCallTracer } from '../houston/call-events.js';

export interface Tracing {
  /** @fastify/otel's plugin (server-spans.ts): registered before any other, it opens a server span per request. */
  readonly serverSpans: FastifyPluginAsync;
  /** Puts each Houston call in a `houston <operation>` span, the parent of its HTTP attempts. */
  readonly houstonCall: HoustonCallTracer;
  /** Ends what it started: exports pending spans, then unregisters every hook and global it set. */
  shutdown(): Promise<void>;
}

/**
 * The app's tracing: the one given (null: none), else, when the configuration turns tracing on, one
 * started here and owned by the app (shut down when it closes).
 */
export async function openTracing(config: TracingConfig, given: Tracing | null | undefined): Promise<{ tracing: Tracing | null; owned: boolean }> {
  if (given !== undefined) return { tracing: given, owned: false };
  if (!config.enabled) return { tracing: null, owned: false };
  const { startTracing } = await import('./start.js');
  return { tracing: startTracing({ serviceName: config.serviceName }), owned: true };
}
