// buildApp: the Fastify app factory shared by main.ts and the tests. Plugins are registered
// explicitly, in the order they depend on each other.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { DestinationStream } from 'pino';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import auditPlugin from './auth/audit.js';
import type { CallerKeys } from './auth/caller-keys.js';
import { loadHoustonCredentials, type HoustonCredentials } from './houston/credentials.js';
import { openCallerKeys } from './auth/open-caller-keys.js';
import authPlugin from './auth/plugin.js';
import rateLimitPlugin from './auth/rate-limit.js';
import workspaceAllowListPlugin from './auth/workspace-allow-list.js';
import cachePlugin from './cache/plugin.js';
import type { GatewayConfig } from './config.js';
import houstonPlugin from './houston/plugin.js';
import { connectRedis, redisReady, type RedisClient } from './redis.js';
import { openTracing, type Tracing } from './tracing/index.js';
import redisPlugin from './plugins/redis.js';
import { lazyChildLoggerFactory } from './plugins/lazy-child-logger.js';
import accessLogPlugin, { AccessLogController } from './plugins/access-log.js';
import corsPlugin from './plugins/cors.js';
import { LOG_CENSOR, LOG_SERIALIZERS } from './plugins/log-serializers.js';
import opsListenerPlugin from './plugins/ops-listener.js';
import startupSummaryPlugin from './plugins/startup-summary.js';
import metricsPlugin from './plugins/metrics.js';
import openapiPlugin from './plugins/openapi.js';
import protectionPlugin from './plugins/protection.js';
import problemDetails, { clientErrorHandler, sendProblem } from './plugins/problem-details.js';
import { useDepthBoundedJsonParser } from './plugins/json-body.js';
import { GatewayError } from './errors.js';
import adminKeyRoutes from './routes/admin-keys/index.js';
import clusterRoutes from './routes/clusters/index.js';
import deploymentUserRoutes from './routes/deployment-users/index.js';
import environmentVariableRoutes from './routes/deployments/environment-variables.js';
import acrossWorkspacesRoutes from './routes/deployments/across-workspaces.js';
import deploymentRoutes from './routes/deployments/index.js';
import imageRoutes from './routes/deployments/image.js';
import deploymentLogRoutes from './routes/deployments/logs.js';
import namespaceRoutes from './routes/deployments/namespaces.js';
import runtimeRoutes from './routes/deployments/runtime.js';
import healthRoutes from './routes/health.js';
import platformRoutes from './routes/platform/index.js';
import serviceAccountRoutes from './routes/service-accounts/index.js';
import systemRoutes from './routes/system/index.js';
import deploymentTeamRoutes from './routes/teams/deployment-teams.js';
import teamRoutes from './routes/teams/index.js';
import workspaceTeamRoutes from './routes/teams/workspace-teams.js';
import userRoutes from './routes/users/index.js';
import workspaceUserRoutes from './routes/workspace-users/index.js';
import workspaceRoutes from './routes/workspaces/index.js';

/** Parts the caller builds itself; each one left out is made from the configuration. */
export interface AppOverrides {
  /** Fastify logger options; tests pass false or a capturing stream. */
  logger?: FastifyServerOptions['logger'];
  /** Caller keys (default: the Redis or API_KEYS_FILE store). Closed with the app. */
  callerKeys?: CallerKeys;
  /** Houston keys by credential name (default: HOUSTON_API_KEY and HOUSTON_CREDENTIALS_FILE). */
  houstonCredentials?: HoustonCredentials;
  /** A Redis client to share (default: one to the configured topology, closed with the app); null for none. */
  redis?: RedisClient | null;
  /** Tracing to share (default: started from the OTEL_* configuration when it asks, shut down with the app); null for none. */
  tracing?: Tracing | null;
}

/** Secrets that must never reach a log line, whatever the level. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.apiKey',
  '*.key',
  '*.secret',
  '*.credential',
];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The gateway's logger options: secrets redacted by path, requests logged by their path and safe
 * query parameters only (log-serializers.ts), levels by name (`"level":"info"`, what log shippers
 * and people read). LOG_FORMAT=pretty renders lines for a terminal (pino-pretty, in pino's worker
 * thread). Tests pass a stream to capture the JSON lines.
 */
export function defaultLogger(
  config: Pick<GatewayConfig, 'logLevel'> & Partial<Pick<GatewayConfig, 'logFormat'>>,
  stream?: DestinationStream,
): FastifyServerOptions['logger'] {
  const pretty = !stream && config.logFormat === 'pretty';
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: LOG_CENSOR },
    serializers: LOG_SERIALIZERS,
    formatters: { level: (label) => ({ level: label }) },
    ...(stream ? { stream } : {}),
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  };
}

export async function buildApp(config: GatewayConfig, overrides: AppOverrides = {}): Promise<FastifyInstance> {
  if (!config.houston.url) throw new Error('buildApp needs config.houston.url (HOUSTON_URL)');
  const { tracing, owned: ownsTracing } = await openTracing(config.tracing, overrides.tracing);
  const app = Fastify({
    logger: overrides.logger ?? defaultLogger(config),
    // One access line per request (plugins/access-log.ts) instead of Fastify's two.
    logController: new AccessLogController(),
    // request.log made only when a request writes a line (most write none at the configured level).
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: config.bodyLimitBytes,
    // Accept a caller's id when it is sane (so logs correlate across systems), else make one.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Path ids are bounded by their schema (a problem+json 400), not by the router's 100-char default.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 512 },
    // Errors the router raises before any route runs (bad URL encoding, over-long segments).
    frameworkErrors: (error, request, reply) => {
      void sendProblem(request, reply, new GatewayError('GW_REQUEST_INVALID', error.message));
    },
    // Requests Node's HTTP parser refuses (bad header bytes, framing, header size): problem+json too.
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  if (tracing) {
    // Before everything else: @fastify/otel instruments only the hooks and routes added after it.
    await app.register(tracing.serverSpans);
    if (ownsTracing) app.addHook('onClose', () => tracing.shutdown());
  }

  // The API speaks JSON only: without its default text/plain parser Fastify answers 415 for other
  // bodies, instead of handing the schema a string and answering a confusing 400.
  app.removeContentTypeParser('text/plain');
  // JSON nested deeper than MAX_JSON_DEPTH is refused before it is parsed (json-body.ts).
  useDepthBoundedJsonParser(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // A callback hook: no promise per response.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
  // Past this many open connections a new one is closed on arrival (Node's own bound): a load
  // balancer then tries another replica rather than queueing behind this one's backlog.
  if (config.lifecycle.maxConnections > 0) app.server.maxConnections = config.lifecycle.maxConnections;

  const { topology } = config.redis;
  const ownsRedis = overrides.redis === undefined && topology !== undefined;
  const redis = overrides.redis !== undefined ? overrides.redis : topology ? connectRedis({ ...config.redis, topology }) : null;
  try {
    // Bounded: a gateway whose Redis is down starts anyway (degraded) and takes Redis up later.
    if (ownsRedis && redis && !(await redisReady(redis, Math.max(config.redis.timeoutMs, 2_000)))) {
      app.log.warn('Redis is not reachable at start; serving without it until it answers');
    }
    const credentials =
      overrides.houstonCredentials ??
      (await loadHoustonCredentials({ apiKey: config.houston.apiKey, file: config.houston.credentialsFile }));
    let lastStaleWarning = 0;
    const onStaleAccept = (keyId: string) => {
      // Once per 10 s, not once per request, while the key store is down.
      if (Date.now() - lastStaleWarning < 10_000) return;
      lastStaleWarning = Date.now();
      app.log.warn({ callerKeyId: keyId }, 'caller-key store unreachable; accepting keys it accepted recently');
    };
    const callerKeys = overrides.callerKeys ?? (await openCallerKeys(config, {
        redis,
        credentials,
        onStaleAccept,
        onNewStore: (detail) => app.log.warn({ alarm: 'caller-key-store-replaced' }, detail),
      }));
    await app.register(redisPlugin, { redis, owned: ownsRedis });
    await app.register(problemDetails);
    // Before any route: it sorts routes between the public and the ops listener as they are added.
    await app.register(opsListenerPlugin, { listener: config.ops });
    // Before auth: a preflight is answered without a key.
    if (config.cors.origins.length > 0) await app.register(corsPlugin, { origins: config.cors.origins });
    await app.register(protectionPlugin, { ...config.lifecycle, crossOriginReadable: config.cors.origins.length > 0 });
    await app.register(openapiPlugin, { publicUrl: config.publicUrl });
    await app.register(authPlugin, { keys: callerKeys, authFailures: { ...config.authFailures, keyPrefix: config.redis.keyPrefix } });
    await app.register(rateLimitPlugin, { ...config.rateLimit, keyPrefix: config.redis.keyPrefix });
    await app.register(auditPlugin, { silent: config.logLevel === 'silent' });
    await app.register(houstonPlugin, {
      url: config.houston.url,
      policy: config.houston.policy,
      defaultClusterId: config.houston.defaultClusterId,
      schemaRefreshSeconds: config.houston.schemaRefreshSeconds,
      credentials,
      trace: tracing?.houstonCall,
    });
    await app.register(accessLogPlugin);
    await app.register(workspaceAllowListPlugin);
    await app.register(cachePlugin, { ...config.cache, keyPrefix: config.redis.keyPrefix });
    await app.register(import('./idempotency/plugin.js'), { ...config.idempotency, keyPrefix: config.redis.keyPrefix, houstonTimeoutMs: config.houston.policy.timeoutMs });
    const callerKeyStore = overrides.callerKeys ? 'provided' : redis ? 'redis' : 'file';
    await app.register(startupSummaryPlugin, { config, callerKeyStore });
  } catch (error) {
    if (ownsRedis) redis?.disconnect();
    if (ownsTracing) await tracing?.shutdown();
    throw error;
  }

  if (config.metricsEnabled) await app.register(metricsPlugin);
  await app.register(healthRoutes, { redis: config.redis });
  await app.register(platformRoutes);
  await app.register(clusterRoutes);
  await app.register(workspaceRoutes);
  await app.register(deploymentRoutes);
  await app.register(environmentVariableRoutes);
  await app.register(acrossWorkspacesRoutes);
  await app.register(runtimeRoutes);
  await app.register(namespaceRoutes);
  await app.register(imageRoutes);
  await app.register(deploymentLogRoutes, { ...config.logs, connectTimeoutMs: config.houston.policy.timeoutMs });
  await app.register(workspaceUserRoutes);
  await app.register(deploymentUserRoutes);
  await app.register(serviceAccountRoutes);
  await app.register(teamRoutes);
  await app.register(workspaceTeamRoutes);
  await app.register(deploymentTeamRoutes);
  await app.register(userRoutes);
  await app.register(systemRoutes);
  await app.register(adminKeyRoutes);
  return app;
}
