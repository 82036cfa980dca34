// Starts OpenTelemetry tracing with the official pieces, loaded by app.ts only when tracing is on:
// the Node SDK (exporter, sampler, propagators and resource from the standard OTEL_* variables),
// @fastify/otel for a server span per request (a caller's W3C `traceparent` makes it a child of the
// caller's span), the undici instrumentation for Houston's HTTP attempts (graphql-request calls the
// global fetch, which publishes on undici's diagnostics channels: no import hook needed; it sends
// `traceparent` on), ioredis's tracing channels for Redis (redis-spans.ts) and a span per Houston
// operation (houston-spans.ts). Only traces: the gateway's metrics stay on /metrics.
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { context, propagation, trace } from '@opentelemetry/api';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { houstonCallTracer } from './houston-spans.js';
import type { Tracing } from './index.js';
import { traceRedisRoundTrips } from './redis-spans.js';
import { SERVER_SPAN_OPTIONS, serverSpansPlugin } from './server-spans.js';

export interface TracingOptions {
  /** service.name; undefined leaves it to OTEL_RESOURCE_ATTRIBUTES (config-tracing.ts). */
  serviceName: string | undefined;
  /**
   * Where spans go, each as it ends; tests pass an InMemorySpanExporter. By default the exporters
   * OTEL_TRACES_EXPORTER names, behind a batching processor (OTEL_BSP_*).
   */
  exporter?: SpanExporter;
}

const TRACER_NAME = 'houston-gateway';

// The SDK registers process-wide globals (tracer provider, context manager, propagator): one at a time.
let running = false;

/** The URL as a span may show it: no credentials, no query string. */
function spanUrl(origin: string, path: string): string {
  const url = new URL(path, origin);
  return `${url.origin}${url.pathname}`;
}

export function startTracing(options: TracingOptions): Tracing {
  if (running) throw new Error('tracing is already running in this process; share its Tracing (buildApp overrides.tracing)');
  const server = new FastifyOtelInstrumentation(SERVER_SPAN_OPTIONS);
  const http = new UndiciInstrumentation({
    // Only calls made for a request (or a Houston operation in one) are traced, never background
    // schema refreshes on their own.
    requireParentforSpans: true,
    startSpanHook: (request) => ({ 'url.full': spanUrl(request.origin, request.path), 'url.query': '' }),
  });
  const sdk = new NodeSDK({
    ...(options.serviceName !== undefined ? { serviceName: options.serviceName } : {}),
    instrumentations: [server, http],
    // Traces only: without these the SDK would also start OTLP metric and log exporters by default.
    metricReaders: [],
    logRecordProcessors: [],
    ...(options.exporter ? { spanProcessors: [new SimpleSpanProcessor(options.exporter)] } : {}),
  });
  sdk.start();
  running = true;
  const tracer = trace.getTracer(TRACER_NAME);
  const stopRedis = traceRedisRoundTrips(tracer);
  let stopped: Promise<void> | undefined;
  return {
    serverSpans: serverSpansPlugin(server.plugin()),
    houstonCall: houstonCallTracer(tracer),
    shutdown() {
      stopped ??= (async () => {
        stopRedis();
        server.disable();
        http.disable();
        try {
          await sdk.shutdown();
        } finally {
          // Back to the API's no-op defaults, so the process holds nothing of the SDK afterwards.
          trace.disable();
          context.disable();
          propagation.disable();
          running = false;
        }
      })();
      return stopped;
    },
  };
}
