// A client for Houston's GraphQL subscriptions (the deployment `log` one) over WebSocket, in the
// legacy subscriptions-transport-ws protocol Houston (Apollo Server 2) speaks (FACTS.md §1.3):
// sub-protocol `graphql-ws`; the credential travels in `connection_init` only — never in the URL,
// a header or a log line; one operation (id "1") per socket, so one socket per stream. Opening is
// bounded by the Houston timeout; afterwards the socket is pinged, and a Houston that stops
// answering, closes, or refuses the operation ends the subscription with a reason.
import WebSocket, { type RawData } from 'ws';
import { classifyGraphQLError, HoustonError } from './errors.js';
import type { Variables } from './operation.js';

export interface SubscriptionTarget {
  /** Houston's GraphQL HTTP endpoint (HOUSTON_URL); the WebSocket one is derived from it. */
  houstonUrl: string;
  /** Never logged, never in the URL. */
  credential?: string | undefined;
  requestId?: string | undefined;
}

export interface SubscriptionRequest {
  /** For errors: the operation the caller knows this as. */
  operation: string;
  document: string;
  variables: Variables;
  /** Connecting and Houston's acknowledgement must take less. */
  timeoutMs: number;
}

export type SubscriptionEnd =
  /** Houston closed the socket (or stopped answering pings). */
  | { reason: 'closed'; code: number }
  /** Houston said the operation is over. */
  | { reason: 'complete' }
  /** Houston refused or failed the operation. */
  | { reason: 'error'; error: HoustonError };

export interface SubscriptionHandlers {
  /** Each `data` frame's `payload.data`. */
  onData(data: unknown): void;
  /** Called once, unless the caller closed the subscription first. */
  onEnd(end: SubscriptionEnd): void;
}

export interface HoustonSubscription {
  /** Stops the operation and closes the socket; no handler is called afterwards. */
  close(): void;
}

const SUB_PROTOCOL = 'graphql-ws';
const OPERATION_ID = '1';
/** A frame larger than this ends the subscription (ws closes with 1009) rather than the gateway's memory. */
const MAX_FRAME_BYTES = 8 * 1024 * 1024;
/** A socket that has not answered the previous ping by the next one is dead (half-open TCP). */
const PING_INTERVAL_MS = 30_000;
/** After our close frame, how long Houston gets to answer before the socket is destroyed. */
const CLOSE_GRACE_MS = 1_000;

/** `https://houston.example.com/v1` → `wss://houston.example.com/ws`; `http` → `ws`. */
export function webSocketUrl(houstonUrl: string): string {
  const url = new URL(houstonUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')}/ws`;
  return url.toString();
}

interface Frame {
  type?: unknown;
  id?: unknown;
  payload?: unknown;
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8');
}

/** An `error`/`connection_error` payload (`{message}` or a list of GraphQL errors) or `data.errors`. */
function houstonRefusal(operation: string, payload: unknown): HoustonError {
  const first = (Array.isArray(payload) ? payload[0] : payload) as { message?: unknown; extensions?: { code?: unknown } } | undefined;
  const message = typeof first?.message === 'string' ? first.message : 'Houston refused the subscription';
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
  const kind = classifyGraphQLError({ message, extensions: code ? { code } : null }, 200);
  const detail = kind === 'forbidden' ? `Houston does not allow the gateway's credential to run ${operation}` : `Houston refused ${operation}`;
  return new HoustonError(kind, operation, detail, { message, code });
}

/** Resolves once Houston has acknowledged the connection and the operation is sent. */
export function openSubscription(target: SubscriptionTarget, request: SubscriptionRequest, handlers: SubscriptionHandlers): Promise<HoustonSubscription> {
  const { operation } = request;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = target.requestId ? { 'x-request-id': target.requestId } : {};
    const socket = new WebSocket(webSocketUrl(target.houstonUrl), SUB_PROTOCOL, { handshakeTimeout: request.timeoutMs, maxPayload: MAX_FRAME_BYTES, headers });
    let opened = false;
    let finished = false;
    let awaitingPong = false;
    let pinger: NodeJS.Timeout | undefined;

    const send = (frame: Record<string, unknown>) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
    };
    const shut = (code = 1000) => {
      clearInterval(pinger);
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) {
        if (socket.readyState === WebSocket.OPEN) socket.close(code);
        setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
      }
    };
    /** Before the acknowledgement: the open fails; after it: the subscription ends. */
    const fail = (end: SubscriptionEnd, beforeOpen: HoustonError) => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      shut();
      if (opened) handlers.onEnd(end);
      else reject(beforeOpen);
    };
    const unavailable = (why: string) => new HoustonError('unavailable', operation, `Houston's subscription endpoint ${why}`);

    const deadline = setTimeout(() => {
      fail({ reason: 'closed', code: 1006 }, new HoustonError('timeout', operation, 'Houston did not accept the subscription in time'));
    }, request.timeoutMs);

    const acknowledged = () => {
      if (opened || finished) return;
      opened = true;
      clearTimeout(deadline);
      send({ id: OPERATION_ID, type: 'start', payload: { query: request.document, variables: request.variables } });
      pinger = setInterval(() => {
        if (awaitingPong) {
          socket.terminate(); // the close event ends the subscription
          return;
        }
        awaitingPong = true;
        socket.ping();
      }, PING_INTERVAL_MS).unref();
      resolve({
        close() {
          if (finished) return;
          finished = true;
          send({ id: OPERATION_ID, type: 'stop' });
          shut();
        },
      });
    };

    socket.on('open', () => send({ type: 'connection_init', payload: target.credential ? { authorization: target.credential } : {} }));
    socket.on('pong', () => {
      awaitingPong = false;
    });
    socket.on('message', (data: RawData) => {
      let frame: Frame;
      try {
        frame = JSON.parse(textOf(data)) as Frame;
      } catch {
        const error = new HoustonError('bad-gateway', operation, 'Houston sent a subscription frame that is not JSON');
        fail({ reason: 'error', error }, error);
        return;
      }
      // Frames of another operation (none is started) are not ours; those without an id are the connection's.
      if ((typeof frame.id === 'string' || typeof frame.id === 'number') && String(frame.id) !== OPERATION_ID) return;
      switch (frame.type) {
        case 'connection_ack':
          acknowledged();
          break;
        case 'connection_error':
        case 'error': {
          const error = houstonRefusal(operation, frame.payload);
          fail({ reason: 'error', error }, error);
          break;
        }
        case 'data': {
          const payload = (frame.payload ?? {}) as { data?: unknown; errors?: unknown };
          if (Array.isArray(payload.errors) && payload.errors.length > 0 && !payload.data) {
            const error = houstonRefusal(operation, payload.errors);
            fail({ reason: 'error', error }, error);
          } else if (!finished && opened) {
            handlers.onData(payload.data);
          }
          break;
        }
        case 'complete':
          fail({ reason: 'complete' }, unavailable('ended the operation at once'));
          break;
        default: // ka and anything newer
      }
    });
    // A refused connection, DNS failure or non-101 answer; the close event follows.
    socket.on('error', () => fail({ reason: 'closed', code: 1006 }, unavailable('could not be reached')));
    socket.on('close', (code) => fail({ reason: 'closed', code }, unavailable(`closed the connection (${code})`)));
  });
}
