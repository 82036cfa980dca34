// Every error leaves as RFC 9457 application/problem+json with a stable code and the request id.
// 5xx details stay in the log: the caller learns what kind of failure it was, never internals.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ERRORS, GatewayError, type ErrorCode, type FieldProblem } from '../errors.js';
import type { Problem } from '../schemas/common.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problemType(code: ErrorCode): string {
  return `urn:houston-gateway:problem:${code.slice(3).toLowerCase().replaceAll('_', '-')}`;
}

function fieldProblems(error: FastifyError): FieldProblem[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  const context = error.validationContext ?? 'request';
  return error.validation.map((issue) => {
    const path = issue.instancePath.replace(/^\//, '');
    return { field: path ? `${context}/${path}` : context, message: issue.message ?? 'is invalid' };
  });
}

/** Fastify's own errors (body parsing, limits, media type) mapped onto the catalogue. */
function fromFastifyError(error: FastifyError): GatewayError {
  if (error.validation) {
    const errors = fieldProblems(error);
    const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ') || error.message;
    return new GatewayError('GW_REQUEST_INVALID', detail, { errors });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GatewayError('GW_REQUEST_MEDIA_TYPE', 'Send the request body as application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GatewayError('GW_REQUEST_TOO_LARGE', 'The request body exceeds the configured limit');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new GatewayError('GW_REQUEST_MALFORMED', 'The request body is not valid JSON');
  }
  if (error instanceof SyntaxError) return new GatewayError('GW_REQUEST_MALFORMED', 'The request body is not valid JSON');
  const status = error.statusCode ?? 500;
  if (status === 429) return new GatewayError('GW_RATE_LIMITED', error.message);
  if (status >= 400 && status < 500) return new GatewayError('GW_REQUEST_INVALID', error.message);
  return new GatewayError('GW_INTERNAL', undefined, { cause: error });
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: GatewayError) {
  const problem: Problem = {
    type: problemType(error.code),
    title: error.title,
    status: error.status,
    // A 5xx detail may carry internals: the caller gets the catalogue title instead.
    detail: error.status >= 500 && error.code === 'GW_INTERNAL' ? ERRORS.GW_INTERNAL.title : error.message,
    instance: request.url.split('?')[0],
    code: error.code,
    requestId: request.id,
  };
  if (error.errors?.length) problem.errors = error.errors;
  if (error.upstream) {
    const { message, code, path } = error.upstream;
    problem.upstream = { message, ...(code ? { code } : {}), ...(path ? { path: [...path] } : {}) };
  }
  // Set here as well as in onSend: router-level failures never reach the route hooks.
  return reply.code(error.status).headers(error.headers).header('x-request-id', request.id).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** Node's HTTP parser errors with a code of their own; every other one is GW_REQUEST_UNPARSABLE. */
const CLIENT_ERRORS: Partial<Record<string, { code: ErrorCode; detail: string }>> = {
  HPE_HEADER_OVERFLOW: { code: 'GW_REQUEST_HEADER_TOO_LARGE', detail: 'The request line and headers exceed the size limit' },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'GW_REQUEST_TIMEOUT', detail: 'The request did not arrive in time' },
};
/** Sockets already answered: a parser in error refuses every further chunk the client sends. */
const answeredSockets = new WeakSet<Socket>();

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refuses (a NUL or bare CR/LF in a
 * header, a lowercase method, Content-Length with Transfer-Encoding, headers past the size limit)
 * never becomes a Fastify request, so its problem+json is written here, as a whole HTTP/1.1
 * response straight to the socket, which is then closed. It carries a fresh request id; nothing of
 * the raw request is echoed or logged (only the parser's error code).
 */
export function clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || answeredSockets.has(socket)) return;
  answeredSockets.add(socket);
  const parserCode = typeof error.code === 'string' && /^[A-Z_]{1,64}$/.test(error.code) ? error.code : 'unknown';
  const known = CLIENT_ERRORS[parserCode];
  const code: ErrorCode = known?.code ?? 'GW_REQUEST_UNPARSABLE';
  const { status, title } = ERRORS[code];
  const requestId = randomUUID();
  this.log.info({ reqId: requestId, code, status, parserError: parserCode }, 'request refused by the HTTP parser');
  // A response already under way on this connection (pipelining) cannot be followed by another.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const problem: Problem = {
    type: problemType(code),
    title,
    status,
    detail: known?.detail ?? `The request is not valid HTTP/1.1 (${parserCode})`,
    code,
    requestId,
  };
  const body = JSON.stringify(problem);
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}`,
    `content-type: ${PROBLEM_CONTENT_TYPE}`,
    `content-length: ${Buffer.byteLength(body)}`,
    `x-request-id: ${requestId}`,
    'cache-control: no-store',
    'connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}

async function problemDetails(app: FastifyInstance) {
  app.setErrorHandler((rawError: FastifyError, request, reply) => {
    const error = rawError instanceof GatewayError ? rawError : fromFastifyError(rawError);
    if (error.code === 'GW_INTERNAL') {
      // A bug, or a failure nobody foresaw: the stack is what finds it.
      request.log.error({ err: rawError, code: error.code }, 'request failed');
    } else if (error.status >= 500) {
      // A failure the gateway names (Houston, Redis, overload): one line, no stack trace.
      const cause = error.cause instanceof Error ? error.cause.message : undefined;
      request.log.warn({ code: error.code, status: error.status, detail: error.message, ...(cause ? { cause } : {}) }, 'request failed');
    } else {
      request.log.info({ code: error.code, status: error.status }, 'request rejected');
    }
    return sendProblem(request, reply, error);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, new GatewayError('GW_ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`)),
  );
}

export default fp(problemDetails, { name: 'problem-details', fastify: '5.x' });
