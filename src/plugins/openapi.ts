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
  const description = withAccess(result.schema.description, scope);
  if (!scope) return { ...result, schema: { ...result.schema, description } };
  const scopes = scope === 'authenticated' ? [] : [scope];
  return {
    ...result,
    schema: { ...result.schema, description, security: [{ bearerAuth: scopes }, { apiKeyHeader: scopes }] },
  };
}

/**
 * The route's description, ending with the key it needs: the scope is in the security requirement
 * too (OpenAPI 3.1 role names), but few tools show those, and every operation gets a description.
 */
function withAccess(description: string | undefined, scope: string | undefined): string {
  const access = !scope
    ? 'Needs no caller key.'
    : scope === 'authenticated'
      ? 'Needs a caller key (any scope).'
      : `Needs a caller key with the \`${scope}\` scope.`;
  return description ? `${description}\n\n${access}` : access;
}

export interface OpenApiPluginOptions {
  /** The document's one server: the gateway's absolute base URL (config `publicUrl`, PUBLIC_URL). */
  publicUrl: string;
}

async function openapi(app: FastifyInstance, { publicUrl }: OpenApiPluginOptions) {
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
      // Absolute: a relative server URL leaves generated clients without a base URL of their own.
      servers: [{ url: publicUrl, description: 'This gateway' }],
      tags: [
        { name: 'platform', description: 'Houston platform information' },
        { name: 'workspaces', description: 'Houston workspaces' },
        { name: 'deployments', description: 'Airflow deployments and their environment variables' },
        { name: 'workspace users', description: 'Users and their roles in a workspace' },
        { name: 'deployment users', description: 'Users and their roles on a deployment' },
        { name: 'service accounts', description: 'Houston service accounts of workspaces and deployments' },
        { name: 'users', description: 'Houston users' },
        { name: 'system', description: 'System-level service accounts and role bindings' },
        { name: 'clusters', description: 'The Kubernetes clusters of the platform (Houston 1.0 and later)' },
        { name: 'teams', description: "Teams from the platform's identity provider and their roles" },
        { name: 'admin', description: "Caller keys of this gateway (the admin scope)" },
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
