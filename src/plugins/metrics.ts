// Prometheus metrics at /metrics (prom-client), one registry per app: requests by route and status,
// Houston calls by operation and outcome, cache activity, rate-limit rejections, process defaults.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { houstonCalls, type HoustonCallEvent } from '../houston/call-events.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}

const PREFIX = 'houston_gateway_';
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BREAKER_VALUES: Record<string, number> = { closed: 0, 'half-open': 1, open: 2 };

async function metricsPlugin(app: FastifyInstance) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });

  const requests = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'HTTP requests by method, route template and status: count and latency',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: `${PREFIX}rate_limit_rejections_total`,
    help: 'Requests refused with 429 by the per-key rate limit',
    labelNames: ['route'],
    registers: [registry],
  });
  const houston = new Histogram({
    name: `${PREFIX}houston_call_duration_seconds`,
    help: 'Houston GraphQL calls by operation and outcome (ok or the gateway error code): count and latency',
    labelNames: ['operation', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  new Counter({
    name: `${PREFIX}cache_events_total`,
    help: 'Response cache activity: hit, miss, stale, bypass, invalidation, coalesced, error',
    labelNames: ['event'],
    registers: [registry],
    collect() {
      // The cache keeps plain counters; they are copied here when Prometheus scrapes.
      this.reset();
      const counters = app.cache.counters;
      const events: [string, number][] = [
        ['hit', counters.hits],
        ['miss', counters.misses],
        ['stale', counters.stale],
        ['bypass', counters.bypasses],
        ['invalidation', counters.invalidations],
        ['coalesced', counters.coalesced],
        ['error', counters.errors],
      ];
      for (const [event, value] of events) this.inc({ event }, value);
    },
  });
  new Gauge({
    name: `${PREFIX}houston_breaker_state`,
    help: 'Circuit breaker in front of Houston: 0 closed, 1 half-open, 2 open',
    registers: [registry],
    collect() {
      this.set(BREAKER_VALUES[app.houston.breakerState()] ?? 0);
    },
  });

  new Gauge({
    name: `${PREFIX}houston_calls_in_flight`,
    help: 'Houston calls running now, and calls waiting for a slot (HOUSTON_MAX_CONCURRENCY)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const { inFlight, queued } = app.houston.concurrency();
      this.set({ state: 'running' }, inFlight);
      this.set({ state: 'queued' }, queued);
    },
  });

  new Gauge({
    name: `${PREFIX}houston_unsupported_routes`,
    help: 'Routes that answer 501 because the connected Houston line lacks an operation they need (1 each), as last detected',
    labelNames: ['route'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { route } of app.houstonUnsupportedRoutes(app.houston.lastSelection())) this.set({ route }, 1);
    },
  });

  const onHoustonCall = (message: unknown) => {
    const event = message as HoustonCallEvent;
    if (event.client !== app.houston) return; // another app in this process (tests)
    houston.observe({ operation: event.operation, outcome: event.outcome }, event.durationSeconds);
  };
  subscribe(houstonCalls.name, onHoustonCall);
  app.addHook('onClose', async () => {
    unsubscribe(houstonCalls.name, onHoustonCall);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route !== '/metrics') {
      requests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
      if (reply.statusCode === 429) rateLimited.inc({ route });
    }
    done();
  });

  app.decorate('metrics', registry);
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('content-type', registry.contentType).header('cache-control', 'no-store').send(await registry.metrics()),
  );
}

export default fp(metricsPlugin, { name: 'metrics', fastify: '5.x', dependencies: ['houston', 'cache'] });
