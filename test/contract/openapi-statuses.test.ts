// Statuses the gateway sends outside the routes' handlers are in the OpenAPI document (issue 14):
// 400, 408 and 431 (the HTTP parser's refusals) on every operation, 413 and 415 on every operation
// with a request body and every DELETE (Fastify reads the body of any method but GET and HEAD), 304
// on every GET the response cache serves.
// Which routes those are is read from the app's own routes (an onRoute hook on the app the
// document is generated from), not from the document; and a real 304, 413 and 415 from a running
// gateway (and a 431) must each be a status the checked-in openapi/openapi.json (what clients are
// generated from) declares for the operation that answered it.
import { readFile } from 'node:fs/promises';
import type * as FastifyModule from 'fastify';
import type { FastifyServerOptions, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateOpenApiDocument } from '../../src/openapi-document.js';
import { buildTestApp, type TestGateway } from '../helpers/gateway.js';
import { bearer } from '../helpers/problem.js';

/** Every route any app builds while this file runs, as its onRoute hooks see it. */
const routes = vi.hoisted((): RouteOptions[] => []);

vi.mock('fastify', async (importOriginal) => {
  const actual = await importOriginal<typeof FastifyModule>();
  const withRouteLog = (options?: FastifyServerOptions) => {
    const app = actual.default(options);
    app.addHook('onRoute', (route) => {
      routes.push(route);
    });
    return app;
  };
  return { ...actual, default: withRouteLog as unknown as typeof actual.default };
});

interface Response {
  content?: Record<string, { schema?: { $ref?: string } }>;
  headers?: Record<string, unknown>;
}
interface Operation {
  requestBody?: unknown;
  responses?: Record<string, Response>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

const PROBLEM = '#/components/schemas/Problem';

/** `/deployments/:deploymentId` → `/deployments/{deploymentId}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const methodsOf = (route: RouteOptions) => ([] as string[]).concat(route.method);
const schemaOf = (route: RouteOptions) => (route.schema ?? {}) as { body?: unknown; hide?: boolean };

let document: OpenApiDocument;
let documented: RouteOptions[];

beforeAll(async () => {
  routes.length = 0;
  document = JSON.parse(await generateOpenApiDocument()) as OpenApiDocument;
  documented = routes.filter((route) => !schemaOf(route).hide);
});

function operation(method: string, route: RouteOptions): Operation | undefined {
  return document.paths[openApiPath(route.url)]?.[method.toLowerCase()];
}

function declaresProblem(op: Operation | undefined, status: string): boolean {
  const content = op?.responses?.[status]?.content ?? {};
  return content['application/problem+json']?.schema?.$ref === PROBLEM;
}

describe('statuses the gateway sends outside the route handlers, per the routes the app registers', () => {
  it('sees the routes the document is generated from', () => {
    const missing = documented
      .flatMap((route) => methodsOf(route).filter((method) => method !== 'HEAD').map((method) => ({ method, route })))
      .filter(({ method, route }) => !operation(method, route))
      .map(({ method, route }) => `${method} ${route.url}`);
    expect(missing).toEqual([]);
    expect(documented.filter((route) => schemaOf(route).body !== undefined).length).toBeGreaterThan(10);
    expect(documented.filter((route) => route.config?.cache).length).toBeGreaterThan(10);
  });

  it('declares 413 and 415 (problem+json) on every operation with a request body', () => {
    const missing = documented
      .filter((route) => schemaOf(route).body !== undefined)
      .flatMap((route) =>
        methodsOf(route).flatMap((method) => {
          const op = operation(method, route);
          const lacking = ['413', '415'].filter((status) => !declaresProblem(op, status));
          return [...(op?.requestBody ? [] : ['requestBody']), ...lacking].map((what) => `${method} ${route.url} ${what}`);
        }),
      );
    expect(missing).toEqual([]);
  });

  it('declares 413 and 415 on every operation whose method Fastify reads a body for, DELETE included', () => {
    const missing = documented.flatMap((route) =>
      methodsOf(route)
        .filter((method) => method !== 'GET' && method !== 'HEAD')
        .flatMap((method) => ['413', '415'].filter((status) => !declaresProblem(operation(method, route), status)).map((status) => `${method} ${route.url} ${status}`)),
    );
    expect(documented.some((route) => methodsOf(route).includes('DELETE') && schemaOf(route).body === undefined)).toBe(true);
    expect(missing).toEqual([]);
  });

  it('declares 400, 408 and 431 (problem+json) on every operation: the HTTP parser refuses before any route', () => {
    const missing = documented.flatMap((route) =>
      methodsOf(route)
        .filter((method) => method !== 'HEAD')
        .flatMap((method) => ['400', '408', '431'].filter((status) => !declaresProblem(operation(method, route), status)).map((status) => `${method} ${route.url} ${status}`)),
    );
    expect(missing).toEqual([]);
  });

  it('declares 304 without a body, with its ETag header, on every cacheable GET (config.cache)', () => {
    const cacheable = documented.filter((route) => route.config?.cache && methodsOf(route).includes('GET'));
    const missing = cacheable
      .filter((route) => {
        const notModified = operation('GET', route)?.responses?.['304'];
        return !notModified || notModified.content !== undefined || !notModified.headers?.ETag;
      })
      .map((route) => `GET ${route.url}`);
    expect(missing).toEqual([]);
  });

  it('declares 304 only where the cache can send it', () => {
    const cacheable = new Set(documented.filter((route) => route.config?.cache).map((route) => openApiPath(route.url)));
    const stray = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method, op]) => op.responses?.['304'] && !(method === 'get' && cacheable.has(path)))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(stray).toEqual([]);
  });
});

describe('a running gateway answers 304, 413, 415 and 431 only where openapi/openapi.json declares them', () => {
  let t: TestGateway;
  let checkedIn: OpenApiDocument;

  beforeAll(async () => {
    checkedIn = JSON.parse(await readFile(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as OpenApiDocument;
    t = await buildTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  /** The declared responses of the operation answering `method url` (path templates matched). */
  function declared(method: string, url: string): Record<string, Response> {
    const path = new URL(url, 'http://gateway').pathname;
    const match = Object.keys(checkedIn.paths).find((template) =>
      new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
    );
    expect(match, `no operation for ${method} ${path}`).toBeDefined();
    const op = checkedIn.paths[match!]![method.toLowerCase()];
    expect(op, `no operation for ${method} ${match}`).toBeDefined();
    return op!.responses ?? {};
  }

  it('304 on a cached GET answered with its own ETag', async () => {
    const url = `/workspaces/${t.emulator.demo!.workspaceId}`;
    const first = await t.http().get(url).set(bearer(t.adminKey));
    expect(first.status, first.text).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await t.http().get(url).set(bearer(t.adminKey)).set('if-none-match', etag);
    expect(again.status).toBe(304);
    expect(again.headers.etag).toBe(etag);
    const response = declared('GET', url)['304'];
    expect(response, `GET ${url} does not declare 304`).toBeDefined();
    expect(response!.content).toBeUndefined();
    expect(response!.headers).toHaveProperty('ETag');
  });

  it('413 on a body over BODY_LIMIT_BYTES', async () => {
    const url = '/workspaces';
    const res = await t.http().post(url).set(bearer(t.adminKey)).send({ label: 'x', description: 'y'.repeat(t.config.bodyLimitBytes) });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(declared('POST', url)['413']?.content?.['application/problem+json']?.schema?.$ref).toBe(PROBLEM);
  });

  it('431 on headers over the size limit, even to a route that declares no other problem (GET /healthz)', async () => {
    const url = '/healthz';
    const res = await t.http().get(url).set('x-padding', 'p'.repeat(20_000));
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(declared('GET', url)['431']?.content?.['application/problem+json']?.schema?.$ref).toBe(PROBLEM);
  });

  it('413 and 415 to a DELETE, which takes no body, sent one over the limit or not JSON', async () => {
    const url = `/deployments/${t.emulator.demo!.deploymentId}/runtime-upgrade`;
    const tooLarge = await t.http().delete(url).set(bearer(t.adminKey)).set('content-type', 'application/json').send(JSON.stringify({ pad: 'x'.repeat(t.config.bodyLimitBytes) }));
    expect(tooLarge.status).toBe(413);
    const notJson = await t.http().delete(url).set(bearer(t.adminKey)).set('content-type', 'text/plain').send('x');
    expect(notJson.status).toBe(415);
    for (const status of ['413', '415']) {
      expect(declared('DELETE', url)[status]?.content?.['application/problem+json']?.schema?.$ref, status).toBe(PROBLEM);
    }
  });

  it('415 on a body that is not JSON', async () => {
    const url = `/deployments/${t.emulator.demo!.deploymentId}`;
    const res = await t.http().patch(url).set(bearer(t.adminKey)).set('content-type', 'text/plain').send('label=x');
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(declared('PATCH', url)['415']?.content?.['application/problem+json']?.schema?.$ref).toBe(PROBLEM);
  });
});
