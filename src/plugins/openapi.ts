// The OpenAPI 3.1 document, generated from the route schemas: served at /openapi.json, browsable
// at /docs, and written to openapi/openapi.json by `npm run openapi` (a test keeps it in sync).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import packageJson from '../../package.json' with { type: 'json' };
import { bodyProblemResponses, NotModifiedResponse, parserProblemResponses } from '../schemas/common.js';
import { tidyComponents } from './openapi-tidy.js';

const { version } = packageJson;

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

type RouteSchema = { body?: unknown; response?: Record<string, unknown> } & Record<string, unknown>;

/** Methods whose request body Fastify never reads: every other one is parsed if it has a body. */
const BODYLESS_METHODS = new Set(['GET', 'HEAD']);

/**
 * Statuses the gateway sends outside the routes' own handlers, declared here once for every route:
 * 400, 408 and 431 (problem+json) on every operation, from the HTTP parser's refusals; 413 and 415
 * on every operation whose method Fastify reads a body for (all but GET and HEAD), whether or not the
 * route takes one — a DELETE sent a body over the limit or not JSON is refused before its handler;
 * and 304 (no body, its ETag) on a GET the response cache serves (`config.cache`,
 * src/cache/plugin.ts). Only the document changes: the route's schema (and so its serializers) is
 * left as it is.
 */
function withGatewayStatuses(input: TransformInput): { schema: RouteSchema; notModified: boolean } {
  const schema = input.schema as RouteSchema;
  const methods = ([] as string[]).concat(input.route.method);
  const notModified = methods.includes('GET') && Boolean((input.route.config as { cache?: unknown } | undefined)?.cache);
  if (schema.response === undefined) return { schema, notModified };
  const readsBody = schema.body !== undefined || methods.some((method) => !BODYLESS_METHODS.has(method));
  const body = readsBody ? bodyProblemResponses() : {};
  return { schema: { ...schema, response: { ...parserProblemResponses(), ...schema.response, ...body } }, notModified };
}

/**
 * The zod → JSON Schema transform, plus the statuses of `withGatewayStatuses` and each route's
 * scope as its security requirement.
 */
function transform(input: TransformInput) {
  const { schema, notModified } = withGatewayStatuses(input);
  const converted = jsonSchemaTransform({ ...input, schema });
  const response = (converted.schema as { response?: Record<string, unknown> }).response;
  // 304 is plain JSON Schema for @fastify/swagger: it is added after the zod conversion.
  const result =
    notModified && response && !converted.schema.hide
      ? { ...converted, schema: { ...converted.schema, response: { ...response, 304: NotModifiedResponse } } }
      : converted;
  const scope = (input.route.config as { scope?: string } | undefined)?.scope;
  if (!scope) return result;
  const scopes = scope === 'authenticated' ? [] : [scope];
  return {
    ...result,
    schema: { ...result.schema, security: [{ bearerAuth: scopes }, { apiKeyHeader: scopes }] },
  };
}

async function openapi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'houston-gateway',
        version,
        description:
          "A REST gateway in front of Astronomer Software's Houston GraphQL API. Errors are RFC 9457 " +
          'problem+json documents with a stable `code`.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: '/', description: 'This gateway' }],
      tags: [
        { name: 'platform', description: 'Houston platform information' },
        { name: 'workspaces', description: 'Houston workspaces' },
        { name: 'deployments', description: 'Airflow deployments and their environment variables' },
        { name: 'workspace users', description: 'Users and their roles in a workspace' },
        { name: 'deployment users', description: 'Users and their roles on a deployment' },
        { name: 'service accounts', description: 'Houston service accounts of workspaces and deployments' },
        { name: 'users', description: 'Houston users' },
        { name: 'system', description: 'System-level service accounts and role bindings' },
        { name: 'operations', description: 'Health and readiness probes' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'A caller API key issued by this gateway' },
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The same key in a header' },
        },
      },
    },
    transform,
    transformObject: (input) => tidyComponents(jsonSchemaTransformObject(input) as Parameters<typeof tidyComponents>[0]) as ReturnType<typeof jsonSchemaTransformObject>,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}

export default fp(openapi, { name: 'openapi', fastify: '5.x' });
