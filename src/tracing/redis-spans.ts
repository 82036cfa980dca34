// A CLIENT span per Redis round trip, from the tracing channels ioredis 6 publishes on
// (`ioredis:command`, `ioredis:batch`). Chosen over @opentelemetry/instrumentation-ioredis, which
// patches ioredis through a require hook and so only works when loaded before ioredis is (node
// --import in production, never in tests that call buildApp in-process): a channel subscription
// works whenever it is made, and ioredis skips all tracing work while nobody subscribes.
//
// Spans carry the command name, database and server only: never arguments (keys hold client
// addresses and credential digests, values hold cached answers) nor error messages (Redis quotes
// arguments in some). Round trips outside a request (a reconnection's checks) have no parent and
// are not traced, as the HTTP client instrumentation is configured.
import { tracingChannel, type TracingChannelSubscribers } from 'node:diagnostics_channel';
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';

/** What ioredis publishes (ioredis/built/tracing.js); `command` for commands, `batchMode` for MULTI. */
interface RedisTraceContext {
  command?: string;
  batchMode?: string;
  batchSize?: number;
  database?: number;
  serverAddress?: string;
  serverPort?: number;
  error?: unknown;
}

const CHANNELS = ['ioredis:command', 'ioredis:batch'] as const;

function attributesOf(message: RedisTraceContext, operation: string): Attributes {
  const attributes: Attributes = { 'db.system.name': 'redis', 'db.operation.name': operation };
  if (message.database !== undefined) attributes['db.namespace'] = String(message.database);
  if (message.batchSize !== undefined) attributes['db.operation.batch.size'] = message.batchSize;
  if (message.serverAddress !== undefined) attributes['server.address'] = message.serverAddress;
  if (message.serverPort !== undefined) attributes['server.port'] = message.serverPort;
  return attributes;
}

/** Subscribes; the returned function unsubscribes. */
export function traceRedisRoundTrips(tracer: Tracer): () => void {
  const spans = new WeakMap<object, Span>();
  const finish = (message: object) => {
    spans.get(message)?.end();
    spans.delete(message);
  };
  const subscribers: TracingChannelSubscribers<RedisTraceContext> = {
    start(message) {
      // Published synchronously in the caller's context: the request's (or a hook's) span.
      const parent = context.active();
      if (!trace.getSpan(parent)) return;
      const operation = (message.command ?? message.batchMode ?? 'command').toUpperCase();
      spans.set(message, tracer.startSpan(operation, { kind: SpanKind.CLIENT, attributes: attributesOf(message, operation) }, parent));
    },
    end(message) {
      // A command that threw before it was sent has no async end.
      if (message.error !== undefined) finish(message);
    },
    asyncStart() {},
    asyncEnd: finish,
    error(message) {
      const type = message.error instanceof Error ? message.error.name : 'Error';
      const span = spans.get(message);
      span?.setAttribute('error.type', type);
      span?.setStatus({ code: SpanStatusCode.ERROR, message: type });
    },
  };
  const channels = CHANNELS.map((name) => tracingChannel<unknown, RedisTraceContext>(name));
  for (const channel of channels) channel.subscribe(subscribers);
  return () => {
    for (const channel of channels) channel.unsubscribe(subscribers);
  };
}
