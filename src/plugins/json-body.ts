// JSON request bodies: Fastify's own parser (proto-poisoning checks; an empty or invalid body is
// answered 400 GW_REQUEST_MALFORMED), behind a nesting bound. No route's body nests more than 4
// levels; a body nested deeper than MAX_JSON_DEPTH is refused 400 GW_REQUEST_INVALID before it is
// parsed, so nothing later (the idempotency fingerprint, validation, a log line) walks one. The
// check is one pass over the text, without recursion, within the body limit.
import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../errors.js';

/** Arrays and objects nested deeper than this are refused: far beyond any route's schema. */
export const MAX_JSON_DEPTH = 256;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether JSON text nests arrays and objects deeper than `max` (brackets inside strings aside).
 * Exact for valid JSON; invalid JSON is refused by the parser anyway.
 */
export function jsonNestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

export function tooDeepError(): GatewayError {
  const message = `nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`;
  return new GatewayError('GW_REQUEST_INVALID', `body: ${message}`, { errors: [{ field: 'body', message }] });
}

/** Replaces Fastify's application/json parser with the same parser behind the nesting bound. */
export function useDepthBoundedJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser(app.initialConfig.onProtoPoisoning ?? 'error', app.initialConfig.onConstructorPoisoning ?? 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) {
      done(tooDeepError(), undefined);
      return;
    }
    void parse(request, text, done);
  });
}
