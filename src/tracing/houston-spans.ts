// One span per Houston operation, named `houston <operationName>`, around the whole call: schema
// detection, waiting for a slot and every retry. It is the active span while the call runs, so the
// HTTP attempts (undici instrumentation) are its children and carry its trace in `traceparent`.
// Attributes name the operation only: never its variables, the credential or Houston's messages
// (an error message may quote an e-mail address); a failure is recorded by its gateway error code.
import { SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { HoustonCallTracer } from '../houston/call-events.js';
import { isGatewayError } from '../errors.js';

export function houstonCallTracer(tracer: Tracer): HoustonCallTracer {
  return (operation, run) =>
    tracer.startActiveSpan(
      `houston ${operation.name}`,
      // INTERNAL: the HTTP attempts below it are the CLIENT spans.
      { kind: SpanKind.INTERNAL, attributes: { 'graphql.operation.name': operation.name, 'graphql.operation.type': operation.kind } },
      async (span) => {
        try {
          return await run();
        } catch (error) {
          const code = isGatewayError(error) ? error.code : 'GW_INTERNAL';
          span.setAttribute('error.type', code);
          span.setStatus({ code: SpanStatusCode.ERROR, message: code });
          throw error;
        } finally {
          span.end();
        }
      },
    );
}
