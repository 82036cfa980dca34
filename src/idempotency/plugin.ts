// Idempotent writes. A POST, PUT, PATCH or DELETE on a scoped route that carries an
// `Idempotency-Key` header runs at most once per caller key, route and Idempotency-Key within the
// idempotency TTL (IDEMPOTENCY_TTL_SECONDS): its outcome is stored, and a retry of the same
// request gets that outcome replayed — status, Content-Type, Location, Cache-Control and body,
// with `Idempotent-Replayed: true` — without Houston being asked again. Without the header a
// write behaves exactly as before.
//
// - The record's address is a SHA-256 of the caller key id, method, route and Idempotency-Key, so
//   one caller's key never meets another's. The request's fingerprint is a SHA-256 of method, URL
//   (path and query) and the parsed body as canonical JSON; the same key with another fingerprint
//   is answered 422 GW_IDEMPOTENCY_MISMATCH.
// - In preValidation (after authentication, before schema validation, the workspace allow-list or
//   any Houston call) a stored outcome is replayed, so a replay needs neither Houston nor the body to
//   still validate against Houston's current state. Otherwise the request is claimed atomically in
//   the last preHandler (after validation and the allow-list: a request refused there claims
//   nothing, so it can be corrected and sent again under the same key) as `running`, for a lock TTL
//   of Houston's timeout plus a margin that the running request renews while its handler runs.
// - A duplicate arriving while the first still runs waits up to `waitMs` (2 s) for its outcome and
//   replays it; still running then, it is answered 409 GW_IDEMPOTENCY_IN_PROGRESS, Retry-After: 1.
// - Outcomes stored: every 2xx, 3xx and 4xx — the write happened, or Houston (or the gateway)
//   refused it, and a retry would be refused alike. A 5xx before any write was sent to Houston
//   (breaker open, overloaded, a failed lookup) is not stored: the claim is released and a retry
//   runs again.
// - A 5xx after a write was sent — 504 above all (Houston did not answer in time) or 502 (the
//   connection broke) — leaves the outcome unknown: Houston may have performed it. Then the claim
//   is *not* released; it lapses with its lock TTL (Houston's timeout plus
//   IDEMPOTENCY_LOCK_MARGIN_MS), long enough for Houston to have finished whatever it was doing. An instance that dies
//   mid-request leaves its claim the same way. The store remembers that such an attempt started
//   (its attempt marker), and the retry that next claims the key gets `request.earlierAttemptAt`:
//   routes that can find what an earlier attempt did (POST /deployments looks for the deployment it
//   would have created; DELETE /deployments/{id} takes "not found" as done) answer with that
//   instead of writing twice. Routes that cannot run the write again.
// - Stored responses are sealed (AES-256-GCM) with a key derived from the caller key id and the
//   Idempotency-Key, which the store never holds: a response carrying a secret (a new service
//   account's API key, a new caller key) is unreadable to whoever reads Redis without the client's
//   Idempotency-Key. A replayed problem document is the original, including its `requestId`; the
//   `x-request-id` header names the replaying request.
// - The store is Redis when the gateway has one (shared by every instance), else process memory.
//   When it fails the request is refused 503 GW_OVERLOADED rather than run without the guarantee
//   the client asked for; a failure to store an outcome is logged, and the claim then expires.
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions, onResponseHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { addRouteHook, hookWhen, payloadHookWhen } from '../plugins/hook-when.js';
import { z } from 'zod';
import { GatewayError } from '../errors.js';
import { MAX_JSON_DEPTH, tooDeepError } from '../plugins/json-body.js';
import { problemResponse } from '../schemas/common.js';
import { createMemoryIdempotencyStore } from './memory-store.js';
import { createRedisIdempotencyStore } from './redis-store.js';
import type { CompletedRecord, IdempotencyStore } from './store.js';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Response headers replayed with the stored body; request-specific ones (x-request-id) are not. */
const REPLAYED_HEADERS = ['content-type', 'location', 'cache-control'] as const;
/**
 * 1-255 printable ASCII characters (space to tilde), written with the characters themselves: the
 * OpenAPI document carries it as a `pattern`, and `\x` escapes are outside JSON Schema's
 * interoperable regex subset.
 */
const KEY_PATTERN = /^[ -~]{1,255}$/;
declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Set on a keyed write that follows an attempt under the same Idempotency-Key which ended
     * without an outcome (its instance died, or Houston's answer never came): when that attempt
     * started (epoch ms). The write may already have happened; a handler that can look for it
     * should, before writing again. Null otherwise.
     */
    earlierAttemptAt: number | null;
  }
}

export const IdempotencyKeySchema = z
  .string()
  .regex(KEY_PATTERN, 'must be 1-255 printable ASCII characters')
  .describe(
    'Makes the write safe to retry: a retry with the same key and the same request, within the ' +
      'idempotency TTL (24 h by default), gets the first outcome replayed (with `Idempotent-Replayed: true`) ' +
      'instead of running again. 1-255 printable ASCII characters, e.g. a UUID. The same key with a ' +
      'different request is answered 422; while the first request still runs, or after it timed out until ' +
      'Houston has surely finished, 409 with Retry-After.',
  );

export interface IdempotencyPluginOptions {
  /** How long an outcome is kept for replay. */
  ttlSeconds: number;
  keyPrefix: string;
  /** Houston's per-call timeout; a claim's lock TTL is this plus `lockMarginMs`. */
  houstonTimeoutMs: number;
  /** How long Houston may still be finishing a write after the gateway stopped waiting. */
  lockMarginMs: number;
  /** How long a duplicate waits for the running request's outcome. @default 2000 */
  waitMs?: number;
  /** How often a waiting duplicate looks again. @default 50 */
  pollMs?: number;
  /** Records the in-memory store keeps (without Redis). */
  maxRecords?: number;
}

interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a keyed write carries from hook to hook. */
interface Keyed {
  address: string;
  fingerprint: string;
  sealKey: Buffer;
  /** When waiting for a running duplicate gives up; set by the first wait. */
  deadline?: number;
  /** The claim this request holds, until its outcome is stored or released. */
  token?: string;
  renewal?: NodeJS.Timeout;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** Work for canonicalJson: text to write as is, or a value to render at a nesting depth. */
type CanonicalStep = string | { value: unknown; depth: number };

/**
 * JSON with object keys sorted at every depth, so key order never changes a fingerprint. Iterative
 * (an explicit stack, no recursion), so no input can overflow the call stack; arrays and objects
 * nested deeper than `maxDepth` throw a RangeError (the JSON parser already refuses such bodies).
 */
export function canonicalJson(value: unknown, maxDepth = MAX_JSON_DEPTH): string {
  const out: string[] = [];
  const work: CanonicalStep[] = [{ value, depth: 0 }];
  for (let step = work.pop(); step !== undefined; step = work.pop()) {
    if (typeof step === 'string') {
      out.push(step);
      continue;
    }
    const { value: item, depth } = step;
    if (item === undefined) {
      out.push('null');
      continue;
    }
    if (item === null || typeof item !== 'object') {
      out.push(JSON.stringify(item) ?? 'null');
      continue;
    }
    if (depth >= maxDepth) throw new RangeError(`nested deeper than ${maxDepth} levels`);
    // Pushed in reverse: the stack pops the opening bracket first.
    if (Array.isArray(item)) {
      work.push(']');
      for (let i = item.length - 1; i >= 0; i--) {
        work.push({ value: item[i] as unknown, depth: depth + 1 });
        if (i > 0) work.push(',');
      }
      work.push('[');
      continue;
    }
    const entries = Object.entries(item as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    work.push('}');
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, member] = entries[i]!;
      work.push({ value: member, depth: depth + 1 }, `${JSON.stringify(key)}:`);
      if (i > 0) work.push(',');
    }
    work.push('{');
  }
  return out.join('');
}

/** SHA-256 of method, URL (path and query) and the parsed body. */
export function fingerprintOf(method: string, url: string, body: unknown): string {
  return sha256(`${method}\n${url}\n${canonicalJson(body)}`).toString('hex');
}

function seal(response: StoredResponse, key: Buffer, address: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(address));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(response), 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')}`;
}

function unseal(text: string, key: Buffer, address: string): StoredResponse {
  if (!text.startsWith('v1.')) throw new Error('unknown sealed response version');
  const raw = Buffer.from(text.slice(3), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12)).setAAD(Buffer.from(address));
  decipher.setAuthTag(raw.subarray(12, 28));
  const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  return JSON.parse(plain) as StoredResponse;
}

/** The payload as text to store; null when it cannot be replayed (a stream, a buffer). */
function payloadText(payload: unknown): string | null {
  if (payload === undefined || payload === null) return '';
  return typeof payload === 'string' ? payload : null;
}

function replayableHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

function isKeyedRoute(methods: readonly string[], scope: unknown): boolean {
  return Boolean(scope) && methods.some((method) => WRITE_METHODS.has(method));
}

/** Documents the header (and the 409/422 it can cause) on a write route's schema. */
function documentHeader(route: RouteOptions) {
  const schema = route.schema as { headers?: unknown; response?: Record<string, unknown> } | undefined;
  if (!schema) return;
  const header = { [IDEMPOTENCY_KEY_HEADER]: IdempotencyKeySchema.optional() };
  if (schema.headers === undefined) schema.headers = z.looseObject(header);
  else if (schema.headers instanceof z.ZodObject) schema.headers = schema.headers.extend(header);
  if (schema.response) {
    schema.response['409'] = alsoMeaning(schema.response['409'], 'a request with this Idempotency-Key is still running (see Retry-After)');
    schema.response['422'] = alsoMeaning(schema.response['422'], 'this Idempotency-Key was used with a different request');
  }
}

/** A problem response whose description adds what the Idempotency-Key can cause to the route's own. */
function alsoMeaning(declared: unknown, meaning: string) {
  const own = (declared as { description?: unknown } | undefined)?.description;
  return problemResponse(typeof own === 'string' ? `${own}; or ${meaning}` : `${meaning[0]!.toUpperCase()}${meaning.slice(1)}`);
}

async function idempotencyPlugin(app: FastifyInstance, options: IdempotencyPluginOptions) {
  const store: IdempotencyStore = app.redis
    ? createRedisIdempotencyStore(app.redis, options.keyPrefix)
    : createMemoryIdempotencyStore(options.maxRecords);
  // Renewed at a third of it while the request runs; after a crash or an unknown outcome the key
  // stays locked for at least two thirds of it.
  const lockTtlMs = options.houstonTimeoutMs + options.lockMarginMs;
  const waitMs = options.waitMs ?? 2_000;
  const pollMs = options.pollMs ?? 50;
  const keyed = new WeakMap<FastifyRequest, Keyed>();

  /** A store operation; a failing store refuses the request rather than run it unguarded. */
  async function guarded<T>(request: FastifyRequest, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      request.log.warn({ err: { message: (error as Error).message } }, 'idempotency store failed');
      throw new GatewayError('GW_OVERLOADED', 'Idempotency keys cannot be checked right now', {
        headers: { 'retry-after': '1' },
        cause: error,
      });
    }
  }

  function stopRenewal(state: Keyed) {
    clearInterval(state.renewal);
    state.renewal = undefined;
  }

  function holdClaim(request: FastifyRequest, state: Keyed, token: string) {
    state.token = token;
    state.renewal = setInterval(() => {
      store.renew(state.address, token, lockTtlMs).then(
        (held) => {
          if (!held && state.token === token) request.log.warn('idempotency claim lost while the request ran');
        },
        (error: unknown) => request.log.warn({ err: { message: (error as Error).message } }, 'idempotency claim renewal failed'),
      );
    }, Math.max(10, Math.floor(lockTtlMs / 3)));
    state.renewal.unref();
  }

  /**
   * Looks at the key's record (claiming it when `claim`), waiting while a duplicate runs. Returns
   * the outcome to replay, or null: go on (holding the claim when `claim`).
   */
  async function settle(request: FastifyRequest, state: Keyed, claim: boolean): Promise<StoredResponse | null> {
    for (;;) {
      const token = randomUUID();
      const held = await guarded(request, async () => {
        if (!claim) return store.get(state.address);
        const running = { state: 'running', fingerprint: state.fingerprint, token, startedAt: Date.now() } as const;
        const result = await store.claim(state.address, running, lockTtlMs, options.ttlSeconds);
        if (!result.claimed) return result.held;
        holdClaim(request, state, token);
        if (result.earlierAttemptAt !== null) {
          request.earlierAttemptAt = result.earlierAttemptAt;
          request.log.info({ earlierAttemptAt: new Date(result.earlierAttemptAt).toISOString() }, 'an earlier attempt under this Idempotency-Key ended without an outcome');
        }
        return null;
      });
      if (held === null) return null;
      if (held.fingerprint !== state.fingerprint) {
        throw new GatewayError('GW_IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was already used with a different method, URL or body');
      }
      if (held.state === 'completed') {
        try {
          return unseal(held.response, state.sealKey, state.address);
        } catch (error) {
          throw new GatewayError('GW_INTERNAL', 'stored idempotent response cannot be read', { cause: error });
        }
      }
      state.deadline ??= Date.now() + waitMs;
      const left = state.deadline - Date.now();
      if (left <= 0) {
        throw new GatewayError('GW_IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still running; retry shortly', {
          headers: { 'retry-after': '1' },
        });
      }
      await sleep(Math.min(pollMs, left));
    }
  }

  function replay(request: FastifyRequest, reply: FastifyReply, stored: StoredResponse): FastifyReply {
    request.log.info({ status: stored.status }, 'idempotent request replayed');
    reply.code(stored.status).headers(stored.headers).header(REPLAYED_HEADER, 'true');
    return reply.send(stored.body === '' ? undefined : stored.body);
  }

  app.decorateRequest('earlierAttemptAt', null);

  // Four hooks, on the routes that may take a key only (writes on scoped routes: a read calls none of
  // them), each running its async body only for the requests it concerns (plugins/hook-when.ts).
  const mayBeKeyed = (request: FastifyRequest) =>
    WRITE_METHODS.has(request.method) && Boolean(request.routeOptions.config.scope) && request.caller !== null && request.headers[IDEMPOTENCY_KEY_HEADER] !== undefined;
  const isKeyed = (request: FastifyRequest) => keyed.has(request);

  const claimOnPreValidation = hookWhen(mayBeKeyed, async (request, reply) => {
    if (!request.caller) return;
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (key === undefined) return;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      const message = 'must be 1-255 printable ASCII characters';
      throw new GatewayError('GW_REQUEST_INVALID', `headers/${IDEMPOTENCY_KEY_HEADER}: ${message}`, {
        errors: [{ field: `headers/${IDEMPOTENCY_KEY_HEADER}`, message }],
      });
    }
    const callerId = request.caller.id;
    let fingerprint: string;
    try {
      fingerprint = fingerprintOf(request.method, request.url, request.body);
    } catch {
      // Runs before validation: a body it cannot take (the parser bounds nesting) is the caller's fault.
      throw tooDeepError();
    }
    const state: Keyed = {
      address: sha256(JSON.stringify(['idempotency', callerId, request.method, request.routeOptions.url, key])).toString('hex'),
      fingerprint,
      sealKey: sha256(JSON.stringify(['idempotency seal', callerId, key])),
    };
    keyed.set(request, state);
    const stored = await settle(request, state, false);
    if (stored) return replay(request, reply, stored);
  });

  // A route hook, so it runs after the app's preHandler hooks, the workspace allow-list's
  // included: the last step before the handler.
  const settleOnPreHandler = hookWhen(isKeyed, async (request, reply) => {
    const state = keyed.get(request);
    if (!state) return;
    const stored = await settle(request, state, true);
    if (stored) return replay(request, reply, stored);
  });

  const storeOnSend = payloadHookWhen(isKeyed, async (request, reply, payload: unknown) => {
    const state = keyed.get(request);
    const token = state?.token;
    if (!state || token === undefined) return payload;
    state.token = undefined;
    stopRenewal(state);
    const body = payloadText(payload);
    try {
      if (reply.statusCode >= 500 && request.houstonWritesSent > 0) {
        request.log.warn({ statusCode: reply.statusCode }, 'outcome of an idempotent write unknown; its key stays locked until the claim lapses');
        return payload;
      }
      if (reply.statusCode >= 500 || body === null) {
        // Houston was asked to change nothing (or the answer cannot be replayed): a retry runs again.
        await store.release(state.address, token);
        return payload;
      }
      const response: StoredResponse = { status: reply.statusCode, headers: replayableHeaders(reply), body };
      const record: CompletedRecord = {
        state: 'completed',
        fingerprint: state.fingerprint,
        response: seal(response, state.sealKey, state.address),
        storedAt: Date.now(),
      };
      if (!(await store.complete(state.address, token, record, options.ttlSeconds))) {
        request.log.warn('idempotency claim was taken over before the outcome was stored; not stored');
      }
    } catch (error) {
      request.log.error({ err: { message: (error as Error).message } }, 'idempotent outcome not stored; a retry after the claim expires runs again');
    }
    return payload;
  });

  // onSend stores or releases; should it never have run, the outcome is unknown: the claim is left
  // to lapse, as after a crash.
  const stopOnResponse: onResponseHookHandler = (request, _reply, done) => {
    const state = keyed.get(request);
    if (state) {
      stopRenewal(state);
      state.token = undefined;
    }
    done();
  };

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!isKeyedRoute(methods, route.config?.scope)) return;
    documentHeader(route);
    addRouteHook(route, 'preValidation', claimOnPreValidation);
    addRouteHook(route, 'preHandler', settleOnPreHandler);
    addRouteHook(route, 'onSend', storeOnSend);
    addRouteHook(route, 'onResponse', stopOnResponse);
  });
}

export default fp(idempotencyPlugin, { name: 'idempotency', fastify: '5.x', dependencies: ['redis', 'auth', 'problem-details'] });
