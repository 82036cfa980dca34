// The checked-in OpenAPI document as a test oracle: its operations, which operation a raw request
// path reaches (as the gateway's router would pick it), and whether an answer keeps the document's
// promises (declared status, problem+json errors, 2xx bodies valid against the declared schema).
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

export type JsonSchema = Record<string, unknown>;

interface MediaType {
  schema?: JsonSchema;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}
interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, JsonSchema> };
}

export interface Operation {
  method: string;
  /** The path template, e.g. `/deployments/{deploymentId}`. */
  path: string;
  /** `METHOD /template`, as the tests name it. */
  name: string;
  /** Fastify's spelling of the route (`/deployments/:deploymentId`), as houston-line.ts lists routes. */
  route: string;
  parameters: Parameter[];
  body: JsonSchema | undefined;
  responses: Record<string, ResponseObject>;
}

export const OPENAPI_PATH = new URL('../../openapi/openapi.json', import.meta.url);

export function loadDocument(file: URL = OPENAPI_PATH): OpenApiDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** Every path + method of the document, in document order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        name: `${method.toUpperCase()} ${path}`,
        route: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content['application/json']?.schema,
        responses: op.responses,
      })),
  );
}

/** The path of a raw request target, split into segments as the router sees them (undecoded). */
function segmentsOf(rawPath: string): string[] {
  let path = rawPath.split('?')[0]!;
  // ignoreTrailingSlash (src/app.ts): `/workspaces/` is `/workspaces`.
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path.split('/').slice(1);
}

/**
 * The operation a request reaches, chosen as find-my-way does: one tree per method, and at each
 * segment a static match before a parameter; a parameter takes one segment. Undefined
 * when no operation of that method matches (the gateway's 404 GW_ROUTE_NOT_FOUND).
 */
export function routeOf(operations: readonly Operation[], method: string, rawPath: string): Operation | undefined {
  const segments = segmentsOf(rawPath);
  const rank = (op: Operation): string | undefined => {
    const template = segmentsOf(op.path);
    if (template.length !== segments.length) return undefined;
    let key = '';
    for (const [i, part] of template.entries()) {
      // A parameter takes any one segment, even an empty one (`/workspaces//deployments`).
      const isParam = part.startsWith('{');
      if (!isParam && part !== segments[i]) return undefined;
      key += isParam ? '1' : '0';
    }
    return key;
  };
  let best: { op: Operation; key: string } | undefined;
  for (const op of operations) {
    if (op.method !== method) continue;
    const key = rank(op);
    if (key !== undefined && (best === undefined || key < best.key)) best = { op, key };
  }
  return best?.op;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** What the gateway setup under test may legitimately answer beyond the document's own statuses. */
export interface OracleContext {
  /** Routes (`METHOD /:param` spelling) the emulated Houston line lacks: 501 GW_UPSTREAM_UNSUPPORTED. */
  unsupportedRoutes: ReadonlySet<string>;
}

/** The problems with one answer; empty when it keeps every promise. */
export type Oracle = (operation: Operation | undefined, answer: Answer) => string[];

/** Builds the oracle: ajv (JSON Schema 2020-12, OpenAPI 3.1's dialect) over the document's components. */
export function createOracle(doc: OpenApiDocument, context: OracleContext): Oracle {
  // Not strict: OpenAPI keywords (description, example) sit beside JSON Schema ones. Formats are
  // left to the patterns the document also carries (e-mail, date-time).
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'openapi.json', components: doc.components }, 'openapi.json');
  const validators = new Map<JsonSchema, ValidateFunction>();
  const validatorOf = (schema: JsonSchema) => {
    let validate = validators.get(schema);
    if (!validate) {
      validate = ajv.compile({ $id: `response-${validators.size}`, ...rebase(schema) });
      validators.set(schema, validate);
    }
    return validate;
  };
  const problemSchema = doc.components.schemas.Problem!;

  return (operation, answer) => {
    const problems: string[] = [];
    const { status } = answer;
    const contentType = String(answer.headers['content-type'] ?? '');
    const requestId = answer.headers['x-request-id'];
    if (typeof requestId !== 'string' || requestId === '') problems.push('no x-request-id header');
    if (status >= 500) {
      const unsupported = status === 501 && operation !== undefined && context.unsupportedRoutes.has(operation.route);
      if (!unsupported) problems.push(`answered ${status}`);
    }
    if (status >= 400) {
      const body = parseJson(answer.text);
      if (!/^application\/problem\+json\b/.test(contentType)) problems.push(`error content-type is "${contentType}"`);
      if (!validatorOf(problemSchema)(body)) problems.push(`problem body: ${ajv.errorsText(validatorOf(problemSchema).errors)}`);
      const problem = (body ?? {}) as Record<string, unknown>;
      if (problem.status !== status) problems.push(`problem status ${String(problem.status)} is not the HTTP status`);
      // A replayed outcome (Idempotency-Key) is the original document, its requestId included; the
      // header names the replaying request (src/idempotency/plugin.ts).
      const replayed = answer.headers['idempotent-replayed'] === 'true';
      if (!replayed && typeof requestId === 'string' && problem.requestId !== requestId) problems.push('problem requestId is not the x-request-id header');
      if (status === 501 && problem.code !== 'GW_UPSTREAM_UNSUPPORTED') problems.push(`501 with code ${String(problem.code)}`);
      if (operation === undefined && !unroutedRefusal(status, problem)) {
        problems.push(`a path no operation serves answered ${status} ${String(problem.code)}, not 404 GW_ROUTE_NOT_FOUND`);
      }
    }
    if (operation === undefined) return problems;
    const declared = operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ?? operation.responses.default;
    if (!declared) {
      problems.push(`status ${status} is not declared for ${operation.name}`);
      return problems;
    }
    if (status >= 200 && status < 300) problems.push(...checkSuccess(declared, answer, contentType, validatorOf, ajv));
    return problems;
  };
}

/**
 * What a path no operation serves may answer: 404 GW_ROUTE_NOT_FOUND, or a refusal that comes first
 * whatever the path — the HTTP parser's (400, 431), the router's for a path it cannot decode (400
 * GW_REQUEST_INVALID without field errors, `frameworkErrors` in src/app.ts) and the body's, read
 * before the not-found handler runs as before any route (413, 415, 400 for JSON that is malformed or
 * nested too deep).
 */
function unroutedRefusal(status: number, problem: Record<string, unknown>): boolean {
  const errors = problem.errors as { field?: string }[] | undefined;
  switch (problem.code) {
    case 'GW_ROUTE_NOT_FOUND': return status === 404;
    case 'GW_REQUEST_TOO_LARGE': case 'GW_REQUEST_MEDIA_TYPE': case 'GW_REQUEST_MALFORMED':
    case 'GW_REQUEST_UNPARSABLE': case 'GW_REQUEST_HEADER_TOO_LARGE':
      return true;
    case 'GW_REQUEST_INVALID': return errors === undefined || (errors.length === 1 && errors[0]!.field === 'body');
    default: return false;
  }
}

function checkSuccess(
  declared: ResponseObject,
  answer: Answer,
  contentType: string,
  validatorOf: (schema: JsonSchema) => ValidateFunction,
  ajv: Ajv2020,
): string[] {
  const media = Object.entries(declared.content ?? {});
  if (media.length === 0) return answer.text === '' ? [] : [`status ${answer.status} declares no body but got ${answer.text.length} bytes`];
  const match = media.find(([type]) => contentType.split(';')[0]!.trim().toLowerCase() === type);
  if (!match) return [`content-type "${contentType}" is not one of ${media.map(([type]) => type).join(', ')}`];
  const schema = match[1].schema;
  if (!schema) return [];
  const validate = validatorOf(schema);
  return validate(parseJson(answer.text)) ? [] : [`${answer.status} body does not match its schema: ${ajv.errorsText(validate.errors)}`];
}

/** Points the document's local references (`#/components/...`) at the components schema added to ajv. */
function rebase(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/components/', '"$ref":"openapi.json#/components/')) as JsonSchema;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
