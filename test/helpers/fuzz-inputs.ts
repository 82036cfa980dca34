// fast-check arbitraries for requests to one OpenAPI operation: valid ones derived from its
// schemas (with real ids, so 2xx answers happen) and hostile ones; fuzz-values.ts makes the values.
// A generated case is a small description (printed by fast-check on failure); `toRequest` turns it
// into the bytes to send.
import fc from 'fast-check';
import { hostileString, mutated, validValue, type FuzzWorld, type SchemaSource } from './fuzz-values.js';
import type { Operation, Parameter } from './openapi-oracle.js';

export type { FuzzWorld } from './fuzz-values.js';

export type Auth = 'admin' | 'admin-x-api-key' | 'narrow' | 'none' | 'bad' | 'malformed' | 'both-differ' | 'duplicate';

export type BodyCase =
  | { kind: 'none' }
  | { kind: 'json'; text: string; contentType: string }
  | { kind: 'raw'; text: string; contentType: string | null }
  | { kind: 'deep'; levels: number; opener: '[' | '{"a":' }
  | { kind: 'oversized'; chunked: boolean };

export interface RequestCase {
  auth: Auth;
  /** Raw (already encoded) path segment per path parameter. */
  params: Record<string, string>;
  /** Raw query string, without `?`; '' for none. */
  query: string;
  headers: [string, string][];
  body: BodyCase;
}

export interface HttpRequest {
  method: string;
  path: string;
  headers: [string, string][];
  body: Buffer | undefined;
  chunked: boolean;
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', 'application/json; charset=latin1'];

function bodyCase(valid: fc.Arbitrary<unknown> | undefined): fc.Arbitrary<BodyCase> {
  const json = (text: fc.Arbitrary<string>) => fc.record({ kind: fc.constant('json' as const), text, contentType: fc.constantFrom(...JSON_TYPES) });
  const hostile = fc.oneof(
    { weight: 3, arbitrary: json(mutated(valid ?? fc.constant({}))) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('deep' as const), levels: fc.constantFrom(200, 256, 257, 300, 5_000), opener: fc.constantFrom('[' as const, '{"a":' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('oversized' as const), chunked: fc.boolean() }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('raw' as const),
        text: fc.constantFrom('{', '{"label":', '{"a":1,}', "{'a':1}", '{"a":1}{"b":2}', '\u0000', '', 'label=x&executor=y', '--b\r\nContent-Disposition: form-data; name="label"\r\n\r\nx\r\n--b--\r\n', '\ufeff{}', 'NaN'),
        contentType: fc.constantFrom(null, 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=b', 'application/xml', 'application/json-patch+json', 'application/json; charset=utf-16', '*/*', ';;;', 'application/json\u00e9'),
      }),
    },
  );
  if (valid === undefined) return fc.oneof({ weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) }, { weight: 1, arbitrary: hostile });
  return fc.oneof({ weight: 3, arbitrary: json(valid.map((v) => JSON.stringify(v))) }, { weight: 3, arbitrary: hostile }, { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) });
}

/** A path segment that is not a plausible id: encoded and raw traversal, slashes, controls, huge. */
const hostileSegment = fc.oneof(
  fc.constantFrom('', '..', '%2e%2e', '..%2f..%2f', 'a%2Fb', 'a/b', '../workspaces', '%00', 'a%01b', '%E2%80%AE', '%ED%A0%80', '%zz', '%', '%C0%AF', 'x'.repeat(600), '%20', '.', '~', '*', 'null', '__proto__', 'constructor', 'a;b=c', '%3F%23', '1e309', '-1'),
  hostileString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd')).slice(0, 3_000)),
);

function validQuery(params: readonly Parameter[], doc: SchemaSource, world: FuzzWorld): fc.Arbitrary<string> {
  const query = params.filter((p) => p.in === 'query' && !world.opaque.includes(p.name));
  return fc
    .tuple(...query.map((p) => fc.option(validValue(p.schema, doc, world, p.name), { nil: undefined }).map((v) => [p.name, v] as const)))
    .map((pairs) => pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&'));
}

function hostileQuery(params: readonly Parameter[]): fc.Arbitrary<string> {
  const names = params.filter((p) => p.in === 'query').map((p) => p.name);
  if (names.length === 0) names.push('limit');
  return fc.oneof(
    fc.tuple(fc.constantFrom(...names), hostileSegment).map(([k, v]) => `${k}=${v}`),
    fc.tuple(fc.constantFrom(...names), fc.constantFrom('-1', '0', '1.5', '1e3', 'NaN', '99999999999999999999', 'true', '%00')).map(([k, v]) => `${k}=${v}`),
    fc.constantFrom('limit=1&limit=2', '__proto__[admin]=1', 'constructor[prototype][admin]=1', 'a=%zz', '%00=%00', '&&&', '=', 'limit', 'limit[]=1', 'limit[a]=1',
      'api_key=abc', 'access_token=abc', `q=${'x'.repeat(8_000)}`, 'hard=TRUE', 'cursor=', 'a=b;c=d', '%E2%80%AE=1'),
  );
}

const oddHeaders = fc.oneof(
  { weight: 6, arbitrary: fc.constant<[string, string][]>([]) },
  { weight: 2, arbitrary: fc.constantFrom('idem-fuzz-1', 'idem-fuzz-2', 'x'.repeat(300), '', '\u00e9\u00ff', 'a b').map((v): [string, string][] => [['idempotency-key', v]]) },
  { weight: 1, arbitrary: fc.constantFrom('*', 'W/"x"', '"x", *').map((v): [string, string][] => [['if-none-match', v]]) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(200), 'a b', '../x', '\u00e9').map((v): [string, string][] => [['x-request-id', v]]) },
  { weight: 1, arbitrary: fc.constantFrom('application/xml', '*/*;q=0', 'application/problem+json', '\u00e9').map((v): [string, string][] => [['accept', v]]) },
  { weight: 1, arbitrary: fc.constant<[string, string][]>([['x-forwarded-for', '10.0.0.1, 127.0.0.1'], ['x-forwarded-host', 'evil.example']]) },
  // Past Node's 16 KiB header limit: refused by the HTTP parser before any route.
  { weight: 1, arbitrary: fc.constant<[string, string][]>([['x-fuzz-padding', 'p'.repeat(20_000)]]) },
);

/** Requests to one operation: half valid (real ids, schema-valid query and body, admin key), half hostile. */
export function requestCases(op: Operation, doc: SchemaSource, world: FuzzWorld): fc.Arbitrary<RequestCase> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const validParams = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, validValue(p.schema, doc, world, p.name).map((v) => encodeURIComponent(String(v)))])));
  const hostileParams = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, fc.oneof(validValue(p.schema, doc, world, p.name).map((v) => encodeURIComponent(String(v))), hostileSegment)])));
  const validBody = op.body ? validValue(op.body, doc, world) : undefined;
  const valid = fc.record({
    auth: fc.constant<Auth>('admin'),
    params: validParams,
    query: validQuery(op.parameters, doc, world),
    headers: fc.constant<[string, string][]>([]),
    body: validBody ? validBody.map((v): BodyCase => ({ kind: 'json', text: JSON.stringify(v), contentType: 'application/json' })) : fc.constant<BodyCase>({ kind: 'none' }),
  });
  const hostile = fc.record({
    auth: fc.oneof(
      { weight: 3, arbitrary: fc.constant<Auth>('admin') },
      { weight: 1, arbitrary: fc.constantFrom<Auth>('admin-x-api-key', 'narrow', 'none', 'bad', 'malformed', 'both-differ', 'duplicate') },
    ),
    params: hostileParams,
    query: fc.oneof(fc.constant(''), validQuery(op.parameters, doc, world), hostileQuery(op.parameters)),
    headers: oddHeaders,
    body: bodyCase(validBody),
  });
  return fc.oneof(valid, hostile);
}

function authHeaders(auth: Auth, keys: FuzzWorld['keys']): [string, string][] {
  switch (auth) {
    case 'admin': return [['authorization', `Bearer ${keys.admin}`]];
    case 'admin-x-api-key': return [['x-api-key', keys.admin]];
    case 'narrow': return [['authorization', `Bearer ${keys.narrow}`]];
    case 'none': return [];
    case 'bad': return [['authorization', 'Bearer hgw_not_a_real_key_0000000000000000']];
    case 'malformed': return [['authorization', 'Basic YWRtaW46YWRtaW4=']];
    case 'both-differ': return [['authorization', `Bearer ${keys.admin}`], ['x-api-key', 'hgw_other']];
    case 'duplicate': return [['x-api-key', keys.admin], ['x-api-key', keys.narrow]];
  }
}

export function toRequest(op: Operation, c: RequestCase, world: FuzzWorld): HttpRequest {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => c.params[name] ?? '');
  const headers = [...authHeaders(c.auth, world.keys), ...c.headers];
  let body: Buffer | undefined;
  const b = c.body;
  if (b.kind === 'json' || b.kind === 'raw') {
    body = Buffer.from(b.text);
    if (b.contentType !== null) headers.push(['content-type', b.contentType]);
  } else if (b.kind === 'deep') {
    const closer = b.opener === '[' ? ']' : '}';
    body = Buffer.from(`${b.opener.repeat(b.levels)}${b.opener === '[' ? '' : '1'}${closer.repeat(b.levels)}`);
    headers.push(['content-type', 'application/json']);
  } else if (b.kind === 'oversized') {
    body = Buffer.from(JSON.stringify({ label: 'x'.repeat(world.bodyLimit + 1_024) }));
    headers.push(['content-type', 'application/json']);
  }
  return { method: op.method, path: c.query ? `${path}?${c.query}` : path, headers, body, chunked: b.kind === 'oversized' && b.chunked };
}
