// classifyGraphQLError and toHoustonError: the one function that turns every Houston failure into
// a typed error. Messages below are Houston's own (verdverm/houston-api errors.js, graphql-js).
import { ClientError } from 'graphql-request';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../src/errors.js';
import { HoustonError, classifyGraphQLError, notFound, toHoustonError, type HoustonErrorKind } from '../../src/houston/errors.js';

type Case = [description: string, error: { message?: unknown; extensions?: { code?: unknown } | null }, status: number, kind: HoustonErrorKind];

const CASES: Case[] = [
  ['Houston permission message', { message: 'You do not have the appropriate permissions for that', extensions: { code: 'FORBIDDEN' } }, 200, 'forbidden'],
  ['permission message without a code', { message: 'You do not have the appropriate permissions for that' }, 200, 'forbidden'],
  ['expired token refresh', { message: 'AUTH_TOKEN_REFRESH_FAILED' }, 200, 'forbidden'],
  ['FORBIDDEN code with another message', { message: 'Forbidden', extensions: { code: 'FORBIDDEN' } }, 200, 'forbidden'],
  ['UNAUTHENTICATED: the gateway credential itself is bad', { message: 'No password credentials found', extensions: { code: 'UNAUTHENTICATED' } }, 200, 'bad-gateway'],
  ['resource not found', { message: 'The requested resource was not found', extensions: { code: 'RESOURCE_NOT_FOUND' } }, 200, 'not-found'],
  ['NOT_FOUND code', { message: 'gone', extensions: { code: 'NOT_FOUND' } }, 200, 'not-found'],
  ['invite token not found', { message: 'Invite token not found', extensions: { code: 'BAD_USER_INPUT' } }, 200, 'not-found'],
  ['duplicate deployment label', { message: 'Workspace already has a deployment named etl', extensions: { code: 'BAD_USER_INPUT' } }, 200, 'conflict'],
  ['duplicate workspace label', { message: 'A workspace with the label demo already exists', extensions: { code: 'BAD_USER_INPUT' } }, 200, 'conflict'],
  ['user already in workspace', { message: 'User already exists in workspace', extensions: { code: 'BAD_USER_INPUT' } }, 200, 'conflict'],
  ['user already invited', { message: 'User already invited', extensions: { code: 'USER_ALREADY_INVITED' } }, 200, 'conflict'],
  ['duplicate role binding', { message: 'A duplicate role binding already exists', extensions: { code: 'BAD_USER_INPUT' } }, 200, 'conflict'],
  ['CONFLICT code', { message: 'x', extensions: { code: 'CONFLICT' } }, 200, 'conflict'],
  ['invalid workspace role', { message: 'invalid workspace role', extensions: { code: 'BAD_USER_INPUT' } }, 200, 'invalid'],
  ['unknown runtime version', { message: 'Invalid runtime version 0.0.1', extensions: { code: 'BAD_USER_INPUT' } }, 200, 'invalid'],
  [
    'enum value outside ExecutorType (variable coercion, HTTP 400)',
    { message: 'Variable "$executor" got invalid value "SequentialExecutor"; Value "SequentialExecutor" does not exist in "ExecutorType" enum.', extensions: { code: 'BAD_USER_INPUT' } },
    400,
    'invalid',
  ],
  [
    'required variable not provided (HTTP 400)',
    { message: 'Variable "$label" of required type "String!" was not provided.', extensions: { code: 'BAD_USER_INPUT' } },
    400,
    'invalid',
  ],
  [
    'workspace still has deployments (a plain Error in Houston)',
    { message: 'You must first deprovision all deployments before you can delete your workspace.', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    200,
    'invalid',
  ],
  [
    'reserved environment variable (InvalidDeploymentError)',
    { message: 'AIRFLOW__CORE__EXECUTOR is set automatically and cannot be overridden', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    200,
    'invalid',
  ],
  ['unknown field', { message: 'Cannot query field "notAField" on type "AppConfig".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, 400, 'unsupported'],
  ['unknown argument without a code', { message: 'Unknown argument "owner" on field "Query.workspaces".' }, 400, 'unsupported'],
  ['unknown type', { message: 'Unknown type "Uuid2".' }, 400, 'unsupported'],
  ['any other HTTP 400', { message: 'Something odd' }, 400, 'invalid'],
  ['an unexpected server error', { message: 'Cannot read properties of undefined', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, 200, 'bad-gateway'],
  ['no message at all', {}, 200, 'bad-gateway'],
  ['a message that is not a string', { message: 42, extensions: { code: 7 } }, 200, 'bad-gateway'],
];

describe('classifyGraphQLError', () => {
  it.each(CASES)('classifies %s', (_name, error, status, kind) => {
    expect(classifyGraphQLError(error, status)).toBe(kind);
  });

  it('tolerates extensions: null', () => {
    expect(classifyGraphQLError({ message: 'The requested resource was not found', extensions: null }, 200)).toBe('not-found');
  });
});

function clientError(status: number, errors?: object[]): ClientError {
  return new ClientError({ status, headers: new Headers(), body: '', ...(errors ? { errors } : {}) } as never, { query: '{ x }' });
}

describe('toHoustonError', () => {
  it('classifies the first GraphQL error of a ClientError and keeps it as upstream detail', () => {
    const error = toHoustonError(
      clientError(200, [
        { message: 'The requested resource was not found', path: ['deleteDeployment'], extensions: { code: 'RESOURCE_NOT_FOUND' } },
        { message: 'You do not have the appropriate permissions for that' },
      ]),
      'DeleteDeployment',
    );
    expect(error).toBeInstanceOf(HoustonError);
    expect(error).toMatchObject({ kind: 'not-found', operation: 'DeleteDeployment', code: 'GW_UPSTREAM_NOT_FOUND', status: 404 });
    expect(error.upstream).toEqual({ message: 'The requested resource was not found', code: 'RESOURCE_NOT_FOUND', path: ['deleteDeployment'] });
  });

  it('maps an HTTP error without a GraphQL answer to bad-gateway (502)', () => {
    const error = toHoustonError(clientError(503), 'ListWorkspaces');
    expect(error).toMatchObject({ kind: 'bad-gateway', status: 502, upstream: { message: 'HTTP 503 without a GraphQL answer' } });
  });

  it('maps an aborted or timed-out fetch to timeout (504)', () => {
    expect(toHoustonError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'X')).toMatchObject({ kind: 'timeout', status: 504 });
    expect(toHoustonError(new DOMException('This operation was aborted', 'AbortError'), 'X').kind).toBe('timeout');
  });

  it('maps a failed fetch (refused, reset) to unavailable (502)', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(toHoustonError(refused, 'X')).toMatchObject({ kind: 'unavailable', code: 'GW_UPSTREAM_UNAVAILABLE', status: 502 });
    expect(toHoustonError(new TypeError('terminated'), 'X').kind).toBe('unavailable');
  });

  it('maps a body that is not JSON, or anything else, to bad-gateway', () => {
    expect(toHoustonError(new SyntaxError('Unexpected token < in JSON'), 'X').kind).toBe('bad-gateway');
    expect(toHoustonError(new TypeError('Cannot read properties of undefined'), 'X').kind).toBe('bad-gateway');
    expect(toHoustonError('a string', 'X').kind).toBe('bad-gateway');
  });

  it('never shows the cause to the caller: detail is a fixed sentence per kind', () => {
    const error = toHoustonError(new TypeError('fetch failed: connect ECONNREFUSED 10.0.0.7:443'), 'ListWorkspaces');
    expect(error.message).toBe('Houston could not be reached');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('passes a HoustonError through unchanged', () => {
    const original = notFound('GetWorkspace');
    expect(toHoustonError(original, 'Other')).toBe(original);
  });

  it('gives every kind the status of its catalogue code', () => {
    const kinds: HoustonErrorKind[] = ['forbidden', 'not-found', 'conflict', 'invalid', 'unsupported', 'unavailable', 'timeout', 'bad-gateway'];
    const statuses = kinds.map((kind) => new HoustonError(kind, 'X', 'detail'));
    expect(statuses.map((e) => [e.kind, e.status])).toEqual([
      ['forbidden', 403], ['not-found', 404], ['conflict', 409], ['invalid', 422],
      ['unsupported', 501], ['unavailable', 502], ['timeout', 504], ['bad-gateway', 502],
    ]);
    for (const error of statuses) expect(ERRORS[error.code].status).toBe(error.status);
  });
});

describe('notFound', () => {
  it('is a 404 HoustonError without upstream detail (Houston answered null, not an error)', () => {
    expect(notFound('GetDeployment')).toMatchObject({ kind: 'not-found', status: 404, code: 'GW_UPSTREAM_NOT_FOUND', upstream: undefined });
  });
});
