// The request spans of @fastify/otel, configured for the gateway. A span is named
// `METHOD /route/{param}` (the HTTP server span name of the semantic conventions) and records the
// path with e-mail addresses and caller keys masked, never the query string (`?email=`, a key sent
// as `?api_key=`): the same care as a log line (log-serializers.ts).
//
// One span per request, with the Houston and Redis spans as its children: no span per lifecycle
// hook or handler (a dozen per request, named after plugin chains). The request's context reaches
// the hooks that run after the body is read without them (tracing.test.ts checks it on a keyed
// write).
//
// Errors: @fastify/otel records every error thrown by a route as ERROR with the error's message.
// Its recorder is taken off the routes: a 4xx is not a server error (the conventions leave the
// status unset), and a message may quote the caller's input (an e-mail address). A 5xx is still
// marked ERROR by @fastify/otel when the span ends, without a message; the log has the error.
// Probes and the metrics scrape are not traced: they come every few seconds and would bury the
// requests worth reading.
import type { FastifyOtelInstrumentationOpts } from '@fastify/otel';
import type { FastifyPluginAsync, FastifyPluginCallback, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { loggableUrl } from '../plugins/log-serializers.js';

const UNTRACED_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/** @fastify/otel's onError hook (index.js), found by name: if it is renamed, tracing.test.ts fails. */
const ERROR_RECORDER = 'recordErrorInSpanHook';

function pathOf(url: string): string {
  const mark = url.indexOf('?');
  return mark === -1 ? url : url.slice(0, mark);
}

export const SERVER_SPAN_OPTIONS: FastifyOtelInstrumentationOpts = {
  ignorePaths: (route) => UNTRACED_PATHS.has(pathOf(route.url ?? '')),
  instrumentHooks: false,
  instrumentHandler: false,
  recordExceptions: false,
  requestHook(span, request: FastifyRequest) {
    const route = request.routeOptions.url;
    span.updateName(route ? `${request.method} ${route}` : request.method);
    span.setAttribute('url.path', loggableUrl(pathOf(request.url)) ?? '/');
  },
};

function withoutErrorRecorder(hooks: RouteOptions['onError']): RouteOptions['onError'] {
  if (typeof hooks === 'function') return hooks.name === ERROR_RECORDER ? undefined : hooks;
  const kept = hooks?.filter((hook) => hook.name !== ERROR_RECORDER);
  return kept?.length ? kept : undefined;
}

/** @fastify/otel's plugin, then its error recorder taken off every route. */
export function serverSpansPlugin(otel: FastifyPluginCallback): FastifyPluginAsync {
  return fp(
    async (app) => {
      await app.register(otel);
      // Runs after @fastify/otel's own onRoute hook, which adds the recorder.
      app.addHook('onRoute', (route) => {
        route.onError = withoutErrorRecorder(route.onError);
      });
    },
    { name: 'server-spans', fastify: '5.x' },
  );
}
